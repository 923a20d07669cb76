namespace Sfu.Actors.Runtime;

/// <summary>Replies that carry an outcome rather than a value (used by PipeTo and understood by Ask).</summary>
public static class Status
{
    /// <summary>A successful outcome with an optional value.</summary>
    public sealed record Success(object? Status);

    /// <summary>A failed outcome; an Ask that receives it faults with <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}
