namespace Sfu.Actors.Runtime;

/// <summary>
/// A user message that makes the actor fail with <see cref="ActorKilledException"/> when processed; the default
/// supervisor strategy stops it.
/// </summary>
public sealed class Kill
{
    public static readonly Kill Instance = new();

    private Kill()
    {
    }

    public override string ToString() => nameof(Kill);
}
