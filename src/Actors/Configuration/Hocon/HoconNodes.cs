namespace Sfu.Actors.Configuration;

// The parse tree. It holds what was written, including what cannot be known before the whole
// configuration is read (substitutions, and merges whose outcome depends on them). The resolver
// turns it into the immutable HoconValue tree. Only the resolver and the parser see these types.

internal abstract class HoconNode(HoconOrigin origin)
{
    private static int s_lastId;

    // The resolver keys its memo tables by node. Identity hash codes are computed by the runtime
    // on first use and dominated the reading time, so each node carries a cheap one.
    private readonly int _id = Interlocked.Increment(ref s_lastId);

    public HoconOrigin Origin { get; } = origin;

    public sealed override int GetHashCode() => _id;

    public sealed override bool Equals(object? obj) => ReferenceEquals(this, obj);
}

/// <summary>An object under construction; the parser merges repeated keys into it in place.</summary>
internal sealed class ObjectNode(HoconOrigin origin) : HoconNode(origin)
{
    public OrderedDictionary<string, HoconNode> Fields { get; } = new(StringComparer.Ordinal);
}

internal sealed class ArrayNode(HoconOrigin origin, List<HoconNode> elements) : HoconNode(origin)
{
    public List<HoconNode> Elements { get; } = elements;
}

/// <summary>A string, number, boolean or null, with the text as written (so 1.0 stays "1.0").</summary>
internal sealed class ScalarNode(HoconOrigin origin, HoconValueKind kind, string text) : HoconNode(origin)
{
    public HoconValueKind Kind { get; } = kind;

    public string Text { get; } = text;
}

/// <summary>
/// Spaces between the parts of a concatenation: kept when the parts turn out to be strings
/// (<c>a = foo bar</c> is "foo bar"), ignored when they are objects or arrays.
/// </summary>
internal sealed class WhitespaceNode(HoconOrigin origin, string text) : HoconNode(origin)
{
    public string Text { get; } = text;
}

/// <summary>
/// <c>${path}</c>. <see cref="IncludePrefix"/> is the path of the object a file was included into:
/// HOCON spec "Include semantics: substitution" says the path is looked up there first.
/// </summary>
internal sealed class SubstitutionNode(HoconOrigin origin, string[] path, bool optional, string[] includePrefix)
    : HoconNode(origin)
{
    public string[] Path { get; } = path;

    public bool Optional { get; } = optional;

    public string[] IncludePrefix { get; } = includePrefix;

    public string[] EffectivePath => IncludePrefix.Length == 0 ? Path : [.. IncludePrefix, .. Path];

    public string Display => $"${{{(Optional ? "?" : string.Empty)}{string.Join('.', Path)}}}";
}

/// <summary>Parts written side by side on one line: strings, objects or arrays to join or merge.</summary>
internal sealed class ConcatenationNode(HoconOrigin origin, List<HoconNode> parts) : HoconNode(origin)
{
    public List<HoconNode> Parts { get; } = parts;
}

/// <summary>
/// Successive values of one key whose outcome is only known after substitution (oldest first):
/// the newest defined value wins, and adjacent objects merge (HOCON spec "Duplicate keys").
/// </summary>
internal sealed class MergeStackNode(HoconOrigin origin, List<HoconNode> layers) : HoconNode(origin)
{
    public List<HoconNode> Layers { get; } = layers;
}

/// <summary>
/// A self-referential substitution (<c>path = ${path} "more"</c>, or <c>+=</c>) bound while parsing
/// to the value the key had just before: HOCON spec "Self-referential substitutions" says such a
/// substitution looks backward instead of at the final value (which would be a cycle).
/// <see cref="Base"/> is null when there was no earlier value.
/// </summary>
internal sealed class PreviousValueNode(HoconOrigin origin, HoconNode? @base, string[] remainingPath, bool optional, string display)
    : HoconNode(origin)
{
    public HoconNode? Base { get; } = @base;

    /// <summary>What is left of the path when the earlier value was not an object yet while parsing.</summary>
    public string[] RemainingPath { get; } = remainingPath;

    public bool Optional { get; } = optional;

    public string Display { get; } = display;
}
