namespace Sfu.Transport.Ice;

/// <summary>What <see cref="IceClientAgent.OnTimer"/> asks the caller to do.</summary>
public enum IceClientTimerResult : byte
{
    /// <summary>Nothing due (no check pending, or the next retransmission is later).</summary>
    Idle = 0,

    /// <summary>Send the request written into the buffer again (same transaction id).</summary>
    Retransmit,

    /// <summary>The last retransmission went unanswered for its final wait: the check failed.</summary>
    TimedOut,
}
