namespace Sfu.Actors.Runtime;

/// <summary>
/// NoSender and Nobody: null objects that belong to no system. A message told to them is handed to the dead
/// letters of the actor running on the calling thread, which is where replies to NoSender come from.
/// </summary>
internal sealed class SystemlessActorRef(string name) : InternalActorRef
{
    private static readonly ActorPath AllSystems = ActorPath.Root("all-systems");

    public override ActorPath Path { get; } = AllSystems.Child(name);

    public override ActorSystem? System => null;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var running = ActorCell.Current;
        running?.System.PublishDeadLetter(message, sender ?? running.Self, this);
    }
}
