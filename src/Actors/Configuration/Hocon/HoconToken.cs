namespace Sfu.Actors.Configuration;

internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    Newline,

    /// <summary>Spaces and tabs; kept because they matter inside keys and string concatenations.</summary>
    Whitespace,

    /// <summary>A run of characters that are neither reserved nor whitespace: strings, numbers, keys.</summary>
    Unquoted,

    /// <summary>A "quoted" or """triple-quoted""" string, escapes already decoded.</summary>
    Quoted,

    /// <summary><c>${path}</c> or <c>${?path}</c>; the path is already split into elements.</summary>
    Substitution,

    End,
}

/// <summary>One lexical unit of a HOCON document (a struct: a document has many, and they are short-lived).</summary>
internal readonly struct HoconToken(HoconTokenKind kind, string text, HoconOrigin origin)
{
    public HoconTokenKind Kind { get; } = kind;

    /// <summary>Decoded text: the string's content, the unquoted run, or the whitespace itself.</summary>
    public string Text { get; } = text;

    public HoconOrigin Origin { get; } = origin;

    /// <summary>Elements of a substitution's path; empty for other tokens.</summary>
    public IReadOnlyList<string> SubstitutionPath { get; init; } = [];

    /// <summary>True for <c>${?path}</c>: the value may be missing without error.</summary>
    public bool IsOptionalSubstitution { get; init; }

    public string Describe() => Kind switch
    {
        HoconTokenKind.End => "end of input",
        HoconTokenKind.Newline => "end of line",
        HoconTokenKind.Whitespace => "whitespace",
        HoconTokenKind.Quoted => $"string \"{Text}\"",
        HoconTokenKind.Unquoted => $"'{Text}'",
        HoconTokenKind.Substitution => "a substitution",
        _ => $"'{Text}'",
    };
}
