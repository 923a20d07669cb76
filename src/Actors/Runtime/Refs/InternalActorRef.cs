using System.Runtime.CompilerServices;

namespace Sfu.Actors.Runtime;

/// <summary>
/// Base of every reference the runtime hands out. Identity is reference identity: one object per actor
/// incarnation, so a restarted actor keeps its reference and a new actor with the same name gets another one.
/// </summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    /// <summary>The system this reference belongs to, or null for the systemless ones (NoSender, Nobody).</summary>
    public abstract ActorSystem? System { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => "[" + Path + "]";
}
