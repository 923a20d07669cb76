namespace Sfu.Actors.Runtime;

/// <summary>
/// Brings the continuations of an async handler back onto its actor, as system messages, so that code after
/// an <c>await</c> runs with the actor's thread guarantees and sees the message's Sender. One instance per
/// handler invocation: it remembers the message, its sender and the actor incarnation it belongs to.
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell, int incarnation, object? message, IActorRef sender)
    : SynchronizationContext
{
    internal int Incarnation { get; } = incarnation;

    internal object? Message { get; } = message;

    internal IActorRef Sender { get; } = sender;

    public override void Post(SendOrPostCallback d, object? state) =>
        cell.Mailbox.PostSystem(new RunContinuation(this, d, state));

    /// <summary>
    /// Runs inline when already on the actor; from another thread it would have to block on the actor, which
    /// deadlocks as soon as the actor waits for that thread, so it is refused.
    /// </summary>
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ActorCell.Current != cell)
        {
            throw new NotSupportedException("An actor's synchronization context cannot be entered synchronously from another thread; use Post.");
        }

        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;

    internal void OnHandlerCompleted(Task task) => cell.Mailbox.PostSystem(new AsyncHandlerCompleted(this, task));
}
