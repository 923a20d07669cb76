namespace Sfu.Actors.Runtime;

/// <summary>Well-known references that are not actors.</summary>
public static class ActorRefs
{
    /// <summary>
    /// The sender of messages told from outside any actor. A reply to it is a dead letter of the system whose
    /// actor replies (there is no system to reach when nobody is running).
    /// </summary>
    public static readonly IActorRef NoSender = new SystemlessActorRef("noSender");

    /// <summary>A reference that designates no actor; whatever is told to it is a dead letter.</summary>
    public static readonly IActorRef Nobody = new SystemlessActorRef("nobody");
}
