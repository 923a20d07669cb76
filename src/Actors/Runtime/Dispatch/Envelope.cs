namespace Sfu.Actors.Runtime;

/// <summary>
/// A user message with its sender, as queued in a mailbox. A struct: queuing a message allocates nothing
/// beyond the queue's own segments, which are reused once the queue is warm.
/// </summary>
internal readonly struct Envelope(object message, IActorRef sender)
{
    public object Message { get; } = message;

    public IActorRef Sender { get; } = sender;
}
