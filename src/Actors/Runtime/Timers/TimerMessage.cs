namespace Sfu.Actors.Runtime;

/// <summary>
/// What a timer puts in its actor's mailbox. One instance per timer start, reused by every tick of a
/// periodic timer (no allocation per tick); its identity is the timer's generation: a tick is delivered only
/// while this very instance is still the one registered under its key.
/// </summary>
internal sealed class TimerMessage(object key, object message, bool isSingle, ActorCell owner)
{
    public object Key { get; } = key;

    public object Message { get; } = message;

    public bool IsSingle { get; } = isSingle;

    public ActorCell Owner { get; } = owner;
}
