namespace Sfu.Actors.Runtime;

/// <summary>What a supervisor does with a child that failed.</summary>
public enum Directive
{
    /// <summary>Keep the instance and its state; continue with the next message.</summary>
    Resume,

    /// <summary>Replace the instance with a new one from Props; queued messages are kept.</summary>
    Restart,

    /// <summary>Stop the child.</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception; its own supervisor decides.</summary>
    Escalate,
}
