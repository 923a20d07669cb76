namespace Sfu.Actors.Configuration;

/// <summary>
/// A HOCON document could not be read: bad syntax, a missing required include, an undefined or
/// circular substitution, or a value that a typed getter cannot convert. The message starts with
/// "file:line:column: " so editors and terminals can link to the spot.
/// </summary>
public sealed class HoconParseException : Exception
{
    public HoconParseException(HoconOrigin origin, string description)
        : base($"{origin}: {description}")
    {
        Origin = origin;
        Description = description;
    }

    public HoconParseException(HoconOrigin origin, string description, Exception inner)
        : base($"{origin}: {description}", inner)
    {
        Origin = origin;
        Description = description;
    }

    public HoconOrigin Origin { get; }

    /// <summary>The message without the origin prefix.</summary>
    public string Description { get; }

    /// <summary>The file path or source name (Exception.Source is something else).</summary>
    public string SourceName => Origin.Source;

    public int Line => Origin.Line;

    public int Column => Origin.Column;
}
