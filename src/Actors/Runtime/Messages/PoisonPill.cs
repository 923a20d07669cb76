namespace Sfu.Actors.Runtime;

/// <summary>
/// A user message that stops the actor when it is processed: messages queued before it are handled first,
/// messages behind it become dead letters.
/// </summary>
public sealed class PoisonPill
{
    public static readonly PoisonPill Instance = new();

    private PoisonPill()
    {
    }

    public override string ToString() => nameof(PoisonPill);
}
