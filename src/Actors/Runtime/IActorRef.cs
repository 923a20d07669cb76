namespace Sfu.Actors.Runtime;

/// <summary>
/// A handle to an actor (or to something that accepts messages like one: dead letters, an ask's reply slot).
/// Telling is thread-safe, never blocks and never throws for a stopped target: such messages go to dead letters.
/// Two references are equal when they designate the same actor incarnation.
/// </summary>
public interface IActorRef : IEquatable<IActorRef>
{
    ActorPath Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/>. When <paramref name="sender"/> is null the sender is the actor
    /// currently running on this thread (as in Akka), or <see cref="ActorRefs.NoSender"/> outside any actor.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}
