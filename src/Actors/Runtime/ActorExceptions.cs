namespace Sfu.Actors.Runtime;

/// <summary>An Ask got no reply in time; the message names the target and the message type.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    public AskTimeoutException()
    {
    }

    public AskTimeoutException(string message)
        : base(message)
    {
    }

    public AskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The failure raised by processing <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : Exception
{
    public ActorKilledException()
        : base("Kill")
    {
    }

    public ActorKilledException(string message)
        : base(message)
    {
    }

    public ActorKilledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An actor's constructor, PreStart or PostRestart threw; the original exception is the inner one.
/// The default strategy stops such an actor, since restarting would most likely fail again.
/// </summary>
public sealed class ActorInitializationException : Exception
{
    public ActorInitializationException()
    {
    }

    public ActorInitializationException(string message)
        : base(message)
    {
    }

    public ActorInitializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A child name is malformed or already used by a live (or not yet terminated) sibling.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    public InvalidActorNameException()
    {
    }

    public InvalidActorNameException(string message)
        : base(message)
    {
    }

    public InvalidActorNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
