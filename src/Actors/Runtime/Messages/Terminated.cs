namespace Sfu.Actors.Runtime;

/// <summary>
/// Delivered to every watcher of <paramref name="ActorRef"/> once it has stopped, and at once to an actor that
/// watches an actor already dead. Its sender is the stopped actor.
/// </summary>
public sealed record Terminated(IActorRef ActorRef);
