namespace Sfu.Actors.Configuration;

/// <summary>
/// Where a token or value was written: the source (a file path or a name such as "&lt;string&gt;"),
/// and a 1-based line and column. Every error of the reader names one, so a person can jump there.
/// </summary>
public readonly record struct HoconOrigin(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
