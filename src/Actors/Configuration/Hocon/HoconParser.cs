using System.Text;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Recursive-descent parser for one HOCON document. It writes fields straight into the shared
/// <see cref="HoconTreeBuilder"/> (so a repeated key merges with what came before, in order),
/// and leaves substitutions in the tree for <see cref="HoconResolver"/>. Includes are in
/// HoconParser.Includes.cs.
/// </summary>
internal sealed partial class HoconParser
{
    /// <summary>Deeper nesting than this is surely not a configuration; stop before the stack does.</summary>
    private const int MaxNesting = 200;

    private readonly List<HoconToken> _tokens;
    private readonly HoconTreeBuilder _builder;
    private readonly HoconSource _source;
    private readonly string[] _includePrefix;
    private readonly List<string> _includeStack;
    private int _index;
    private int _nesting;

    private HoconParser(HoconSource source, HoconTreeBuilder builder, string[] includePrefix, List<string> includeStack)
    {
        _tokens = HoconLexer.Tokenize(source.Text, source.Name);
        _builder = builder;
        _source = source;
        _includePrefix = includePrefix;
        _includeStack = includeStack;
    }

    /// <summary>Parses a top-level layer into the builder's root.</summary>
    public static void ParseLayer(HoconSource source, HoconTreeBuilder builder) =>
        new HoconParser(source, builder, [], [source.Name]).ParseDocument(builder.Root, []);

    private HoconToken Peek => _tokens[_index];

    private HoconToken Next() => _tokens[_index++];

    private void SkipBlanks()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipBlanksAndNewlines()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _index++;
        }
    }

    private void Enter(HoconOrigin at)
    {
        if (++_nesting > MaxNesting)
        {
            throw new HoconParseException(at, $"objects and arrays are nested more than {MaxNesting} levels deep");
        }
    }

    private void ParseDocument(ObjectNode target, string[]? fullPath)
    {
        SkipBlanksAndNewlines();
        switch (Peek.Kind)
        {
            case HoconTokenKind.OpenBrace:
                var open = Next();
                ParseObjectBody(target, fullPath, HoconTokenKind.CloseBrace, open.Origin);
                Next();
                SkipBlanksAndNewlines();
                if (Peek.Kind != HoconTokenKind.End)
                {
                    throw new HoconParseException(Peek.Origin,
                        $"unexpected {Peek.Describe()} after the '}}' that closes the root object");
                }

                break;
            case HoconTokenKind.OpenBracket:
                throw new HoconParseException(Peek.Origin, "a configuration must be an object, not an array");
            default:
                ParseObjectBody(target, fullPath, HoconTokenKind.End, open: null);
                break;
        }
    }

    /// <summary>
    /// Fields up to (not including) <paramref name="closer"/>. HOCON spec "Commas": fields are
    /// separated by one comma or by newlines; a trailing comma is fine, an empty field is not.
    /// </summary>
    private void ParseObjectBody(ObjectNode target, string[]? fullPath, HoconTokenKind closer, HoconOrigin? open)
    {
        if (open is { } openOrigin)
        {
            Enter(openOrigin);
        }

        while (true)
        {
            SkipBlanksAndNewlines();
            var token = Peek;
            if (token.Kind == closer)
            {
                break;
            }

            if (token.Kind == HoconTokenKind.End)
            {
                throw new HoconParseException(open!.Value, "this '{' is never closed by a '}'");
            }

            if (token.Kind == HoconTokenKind.Comma)
            {
                throw new HoconParseException(token.Origin, "unexpected ','; fields are separated by a single ',' or a newline");
            }

            ParseField(target, fullPath);
            SkipBlanks();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind != HoconTokenKind.Newline && token.Kind != closer)
            {
                if (token.Kind == HoconTokenKind.End)
                {
                    throw new HoconParseException(open!.Value, "this '{' is never closed by a '}'");
                }

                throw new HoconParseException(token.Origin, $"expected ',' or a new line after a field, found {token.Describe()}");
            }
        }

        if (open is not null)
        {
            _nesting--;
        }
    }

    private void ParseField(ObjectNode target, string[]? fullPath)
    {
        if (IsIncludeStatement())
        {
            ParseInclude(target, fullPath);
            return;
        }

        var keyToken = Peek;
        var key = ParseKey();
        SkipBlanks();
        var separator = Peek;
        switch (separator.Kind)
        {
            case HoconTokenKind.Equals or HoconTokenKind.Colon:
                Next();
                SkipBlanksAndNewlines();
                ParseFieldValue(target, key, fullPath, append: false, keyToken);
                break;
            case HoconTokenKind.PlusEquals:
                Next();
                SkipBlanksAndNewlines();
                ParseFieldValue(target, key, fullPath, append: true, keyToken);
                break;
            case HoconTokenKind.OpenBrace:
                ParseFieldValue(target, key, fullPath, append: false, keyToken);
                break;
            default:
                throw new HoconParseException(separator.Origin,
                    $"expected ':', '=' or '{{' after the key '{string.Join('.', key)}', found {separator.Describe()}");
        }
    }

    /// <summary>A key is a path expression: unquoted and quoted pieces, with the blanks between them.</summary>
    private string[] ParseKey()
    {
        var start = Peek;
        var builder = new HoconPathBuilder();
        string? pendingBlank = null;
        var hasContent = false;
        while (true)
        {
            var token = Peek;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                pendingBlank = token.Text;
                Next();
                continue;
            }

            if (token.Kind is not (HoconTokenKind.Unquoted or HoconTokenKind.Quoted))
            {
                break;
            }

            if (hasContent && pendingBlank is not null)
            {
                builder.AddWhitespace(pendingBlank);
            }

            pendingBlank = null;
            if (token.Kind == HoconTokenKind.Unquoted)
            {
                builder.AddUnquoted(token.Text);
            }
            else
            {
                builder.AddQuoted(token.Text);
            }

            hasContent = true;
            Next();
        }

        if (!hasContent)
        {
            var hint = Peek.Kind == HoconTokenKind.Substitution ? "; substitutions are only allowed in values" : string.Empty;
            throw new HoconParseException(Peek.Origin, $"expected a key, found {Peek.Describe()}{hint}");
        }

        if (!builder.TryBuild(out var path, out var error))
        {
            throw new HoconParseException(start.Origin, $"invalid key: {error}");
        }

        return path;
    }

    private void ParseFieldValue(ObjectNode container, string[] key, string[]? containerPath, bool append, HoconToken keyToken)
    {
        string[]? fieldPath = containerPath is null ? null : [.. containerPath, .. key];
        Func<ObjectNode>? mergeTarget = append ? null : () => _builder.NavigateToObject(container, key, keyToken.Origin);
        var (parts, target) = ParseValueParts(mergeTarget, fieldPath);
        if (parts.Count == 0)
        {
            throw new HoconParseException(Peek.Origin, $"expected a value for '{string.Join('.', key)}', found {Peek.Describe()}");
        }

        if (target is not null && parts.TrueForAll(part => part is WhitespaceNode || ReferenceEquals(part, target)))
        {
            return; // `key { ... }`: already merged in place.
        }

        var value = CombineParts(parts);
        if (append)
        {
            if (fieldPath is null)
            {
                throw new HoconParseException(keyToken.Origin, "'+=' cannot be used inside an object that is an array element or follows a substitution");
            }

            value = _builder.MakeAppend(value, fieldPath, keyToken.Origin);
        }

        if (fieldPath is not null)
        {
            value = _builder.BindSelfReferences(value, fieldPath, target);
        }

        var parent = _builder.NavigateToObject(container, key[..^1], keyToken.Origin);
        HoconTreeBuilder.SetField(parent, key[^1], value, replace: target is not null);
    }

    /// <summary>
    /// The parts of a value, up to the end of the line, a ',' or a closing bracket (HOCON spec
    /// "Value concatenation"). When <paramref name="mergeTarget"/> is given, leading objects are
    /// parsed straight into the key's existing object, which is how <c>a { x = 1 }</c> merges.
    /// </summary>
    private (List<HoconNode> Parts, ObjectNode? Target) ParseValueParts(Func<ObjectNode>? mergeTarget, string[]? fieldPath)
    {
        var parts = new List<HoconNode>();
        ObjectNode? target = null;
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    if (parts.Count > 0)
                    {
                        parts.Add(new WhitespaceNode(token.Origin, token.Text));
                    }

                    Next();
                    break;
                case HoconTokenKind.OpenBrace:
                    Next();
                    var onlyTargetSoFar = parts.TrueForAll(part => part is WhitespaceNode || ReferenceEquals(part, target));
                    if (mergeTarget is not null && onlyTargetSoFar)
                    {
                        target ??= mergeTarget();
                        ParseObjectBody(target, fieldPath, HoconTokenKind.CloseBrace, token.Origin);
                        if (!parts.Contains(target))
                        {
                            parts.Add(target);
                        }
                    }
                    else
                    {
                        var fresh = new ObjectNode(token.Origin);
                        ParseObjectBody(fresh, null, HoconTokenKind.CloseBrace, token.Origin);
                        parts.Add(fresh);
                    }

                    Next();
                    break;
                case HoconTokenKind.OpenBracket:
                    parts.Add(ParseArray());
                    break;
                case HoconTokenKind.Quoted:
                    parts.Add(new ScalarNode(token.Origin, HoconValueKind.String, token.Text));
                    Next();
                    break;
                case HoconTokenKind.Unquoted:
                    parts.Add(new ScalarNode(token.Origin, ClassifyUnquoted(token.Text), token.Text));
                    Next();
                    break;
                case HoconTokenKind.Substitution:
                    parts.Add(new SubstitutionNode(token.Origin, [.. token.SubstitutionPath], token.IsOptionalSubstitution, _includePrefix));
                    Next();
                    break;
                case HoconTokenKind.Equals or HoconTokenKind.Colon or HoconTokenKind.PlusEquals:
                    throw new HoconParseException(token.Origin,
                        $"unexpected '{token.Text}' in a value; put the value in double quotes if the '{token.Text}' belongs to it");
                default:
                    while (parts.Count > 0 && parts[^1] is WhitespaceNode)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    return (parts, target);
            }
        }
    }

    private ArrayNode ParseArray()
    {
        var open = Next();
        Enter(open.Origin);
        var elements = new List<HoconNode>();
        while (true)
        {
            SkipBlanksAndNewlines();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                Next();
                break;
            }

            if (token.Kind == HoconTokenKind.End)
            {
                throw new HoconParseException(open.Origin, "this '[' is never closed by a ']'");
            }

            if (token.Kind == HoconTokenKind.Comma)
            {
                throw new HoconParseException(token.Origin, "unexpected ','; array elements are separated by a single ',' or a newline");
            }

            var (parts, _) = ParseValueParts(mergeTarget: null, fieldPath: null);
            if (parts.Count == 0)
            {
                throw new HoconParseException(Peek.Origin, $"expected an array element, found {Peek.Describe()}");
            }

            elements.Add(CombineParts(parts));
            SkipBlanks();
            token = Peek;
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket))
            {
                if (token.Kind == HoconTokenKind.End)
                {
                    throw new HoconParseException(open.Origin, "this '[' is never closed by a ']'");
                }

                throw new HoconParseException(token.Origin, $"expected ',' or ']' after an array element, found {token.Describe()}");
            }
        }

        _nesting--;
        return new ArrayNode(open.Origin, elements);
    }

    /// <summary>
    /// One part stands for itself (so <c>8070</c> stays a number). Several literal parts form one
    /// string, blanks included (<c>a = foo bar</c>). Anything with a substitution, object or array
    /// waits for the resolver, which knows what the substitutions are.
    /// </summary>
    private static HoconNode CombineParts(List<HoconNode> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        if (!parts.TrueForAll(part => part is ScalarNode or WhitespaceNode))
        {
            return new ConcatenationNode(parts[0].Origin, parts);
        }

        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part is ScalarNode scalar ? scalar.Text : ((WhitespaceNode)part).Text);
        }

        return new ScalarNode(parts[0].Origin, HoconValueKind.String, text.ToString());
    }

    private static HoconValueKind ClassifyUnquoted(string text) => text switch
    {
        "true" or "false" => HoconValueKind.Boolean,
        "null" => HoconValueKind.Null,
        _ => IsJsonNumber(text) ? HoconValueKind.Number : HoconValueKind.String,
    };

    /// <summary>RFC 8259 section 6: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    internal static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }

        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (!SkipDigits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool SkipDigits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i > start;
    }
}
