namespace Sfu.Actors.Runtime;

/// <summary>The system's dead-letter office: whatever reaches it is logged at Debug and published.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override ActorSystem System { get; } = system;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter forwarded)
        {
            System.PublishDeadLetter(forwarded.Message, forwarded.Sender, forwarded.Recipient);
            return;
        }

        System.PublishDeadLetter(message, sender ?? ActorCell.Current?.Self ?? ActorRefs.NoSender, this);
    }
}
