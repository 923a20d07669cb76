namespace Sfu.Actors.Runtime;

/// <summary>The reference of an actor living in this process: telling enqueues into its mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override ActorSystem System => Cell.System;

    internal ActorCell Cell { get; } = cell;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= ActorCell.Current?.Self ?? ActorRefs.NoSender;
        if (Cell.IsTerminated)
        {
            Cell.System.PublishDeadLetter(message, sender, this);
            return;
        }

        // A message that races with termination is still enqueued; the mailbox of a terminated actor
        // drains it to dead letters, so nothing is lost silently.
        Cell.Mailbox.PostUser(new Envelope(message, sender));
    }
}
