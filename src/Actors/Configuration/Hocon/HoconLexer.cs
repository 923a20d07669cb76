namespace Sfu.Actors.Configuration;

/// <summary>
/// Turns HOCON text into tokens. Comments (<c>#</c> and <c>//</c> to the end of the line) are
/// dropped here; whitespace and newlines are kept as tokens because HOCON gives them meaning
/// (a newline separates fields, spaces join the parts of a concatenated string).
/// </summary>
internal sealed class HoconLexer
{
    /// <summary>Runs of spaces (indentation, spaces around '=') are the most common tokens; share their text.</summary>
    private static readonly string[] Spaces = [.. Enumerable.Range(0, 33).Select(n => new string(' ', n))];

    private readonly string _text;
    private readonly string _source;
    private readonly List<HoconToken> _tokens;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private HoconLexer(string text, string source)
    {
        _text = text;
        _source = source;

        // Dense configuration text has about a token per three characters; avoid regrowing the list.
        _tokens = new List<HoconToken>(text.Length / 3 + 8);
    }

    public static List<HoconToken> Tokenize(string text, string source)
    {
        var lexer = new HoconLexer(text, source);
        lexer.Run();
        return lexer._tokens;
    }

    private HoconOrigin Here => new(_source, _line, _position - _lineStart + 1);

    private void Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            var origin = Here;
            switch (c)
            {
                case '\n':
                    Emit(HoconTokenKind.Newline, "\n", origin, 1);
                    break;
                case '{':
                    Emit(HoconTokenKind.OpenBrace, "{", origin, 1);
                    break;
                case '}':
                    Emit(HoconTokenKind.CloseBrace, "}", origin, 1);
                    break;
                case '[':
                    Emit(HoconTokenKind.OpenBracket, "[", origin, 1);
                    break;
                case ']':
                    Emit(HoconTokenKind.CloseBracket, "]", origin, 1);
                    break;
                case ',':
                    Emit(HoconTokenKind.Comma, ",", origin, 1);
                    break;
                case ':':
                    Emit(HoconTokenKind.Colon, ":", origin, 1);
                    break;
                case '=':
                    Emit(HoconTokenKind.Equals, "=", origin, 1);
                    break;
                case '#':
                    SkipComment();
                    break;
                case '/' when StartsWith("//"):
                    SkipComment();
                    break;
                case '+' when StartsWith("+="):
                    Emit(HoconTokenKind.PlusEquals, "+=", origin, 2);
                    break;
                case '$' when StartsWith("${"):
                    ReadSubstitution(origin);
                    break;
                case '"' when StartsWith("\"\"\""):
                    ReadTripleQuoted(origin);
                    break;
                case '"':
                    ReadQuoted(origin);
                    break;
                default:
                    if (HoconCharacters.IsBlank(c))
                    {
                        ReadWhitespace(origin);
                    }
                    else if (HoconCharacters.IsReserved(c))
                    {
                        throw new HoconParseException(origin,
                            $"'{c}' is reserved and cannot appear outside quotes; put the text in double quotes");
                    }
                    else
                    {
                        ReadUnquoted(origin);
                    }

                    break;
            }
        }

        _tokens.Add(new HoconToken(HoconTokenKind.End, string.Empty, Here));
    }

    private bool StartsWith(string prefix) => string.CompareOrdinal(_text, _position, prefix, 0, prefix.Length) == 0;

    private void Emit(HoconTokenKind kind, string text, HoconOrigin origin, int length)
    {
        _tokens.Add(new HoconToken(kind, text, origin));
        AdvanceTo(_position + length);
    }

    /// <summary>Moves forward, keeping the line count right when the skipped text holds newlines.</summary>
    private void AdvanceTo(int newPosition)
    {
        for (var i = _position; i < newPosition; i++)
        {
            if (_text[i] == '\n')
            {
                _line++;
                _lineStart = i + 1;
            }
        }

        _position = newPosition;
    }

    private void SkipComment()
    {
        var end = _text.IndexOf('\n', _position);
        AdvanceTo(end < 0 ? _text.Length : end);
    }

    private void ReadWhitespace(HoconOrigin origin)
    {
        var end = _position;
        while (end < _text.Length && HoconCharacters.IsBlank(_text[end]))
        {
            end++;
        }

        var length = end - _position;
        var blank = length < Spaces.Length && _text.AsSpan(_position, length).IndexOfAnyExcept(' ') < 0
            ? Spaces[length]
            : _text[_position..end];
        Emit(HoconTokenKind.Whitespace, blank, origin, length);
    }

    private int UnquotedEnd(int start, bool stopAtCloseBrace)
    {
        var end = start;
        while (end < _text.Length)
        {
            var c = _text[end];
            if (HoconCharacters.IsBlank(c) || c == '\n' || HoconCharacters.IsReserved(c)
                || (c == '/' && end + 1 < _text.Length && _text[end + 1] == '/')
                || (stopAtCloseBrace && c == '}'))
            {
                break;
            }

            end++;
        }

        return end;
    }

    private void ReadUnquoted(HoconOrigin origin)
    {
        var end = UnquotedEnd(_position, stopAtCloseBrace: false);
        Emit(HoconTokenKind.Unquoted, _text[_position..end], origin, end - _position);
    }

    private void ReadQuoted(HoconOrigin origin)
    {
        if (!HoconCharacters.TryReadQuoted(_text, _position, out var value, out var end, out var error))
        {
            // A quoted string never spans lines, so the error's column is an offset on this line.
            throw new HoconParseException(origin with { Column = origin.Column + (end - _position) }, error);
        }

        Emit(HoconTokenKind.Quoted, value, origin, end - _position);
    }

    /// <summary>
    /// HOCON spec "Multi-line strings": no escapes inside; the string ends at the first three quotes,
    /// and any further quotes right after them still belong to the string (<c>"""a""""</c> is <c>a"</c>).
    /// </summary>
    private void ReadTripleQuoted(HoconOrigin origin)
    {
        var contentStart = _position + 3;
        var close = _text.IndexOf("\"\"\"", contentStart, StringComparison.Ordinal);
        if (close < 0)
        {
            throw new HoconParseException(origin, "the triple-quoted string is not closed by '\"\"\"'");
        }

        var end = close + 3;
        while (end < _text.Length && _text[end] == '"')
        {
            end++;
        }

        var content = _text[contentStart..(end - 3)];
        Emit(HoconTokenKind.Quoted, content, origin, end - _position);
    }

    /// <summary>
    /// <c>${path}</c> or <c>${?path}</c>. The path uses the key syntax (quoted pieces keep their dots);
    /// spaces around it are ignored, and it must close on the same line.
    /// </summary>
    private void ReadSubstitution(HoconOrigin origin)
    {
        var i = _position + 2;
        var optional = i < _text.Length && _text[i] == '?';
        if (optional)
        {
            i++;
        }

        var builder = new HoconPathBuilder();
        var pendingBlank = string.Empty;
        var hasContent = false;
        while (true)
        {
            if (i >= _text.Length || _text[i] == '\n')
            {
                throw new HoconParseException(origin, "the substitution is not closed by '}' on the same line");
            }

            var c = _text[i];
            if (c == '}')
            {
                i++;
                break;
            }

            if (HoconCharacters.IsBlank(c))
            {
                var start = i;
                while (i < _text.Length && HoconCharacters.IsBlank(_text[i]))
                {
                    i++;
                }

                pendingBlank = _text[start..i];
                continue;
            }

            if (hasContent && pendingBlank.Length > 0)
            {
                builder.AddWhitespace(pendingBlank);
            }

            pendingBlank = string.Empty;
            if (c == '"')
            {
                if (!HoconCharacters.TryReadQuoted(_text, i, out var piece, out var end, out var error))
                {
                    throw new HoconParseException(origin, $"in the substitution's path: {error}");
                }

                builder.AddQuoted(piece);
                i = end;
            }
            else if (HoconCharacters.IsReserved(c))
            {
                throw new HoconParseException(origin,
                    $"'{c}' cannot appear unquoted in a substitution's path; quote that path element");
            }
            else
            {
                var end = UnquotedEnd(i, stopAtCloseBrace: true);
                if (end == i)
                {
                    throw new HoconParseException(origin, "'//' cannot appear unquoted in a substitution's path");
                }

                builder.AddUnquoted(_text[i..end]);
                i = end;
            }

            hasContent = true;
        }

        if (!hasContent)
        {
            throw new HoconParseException(origin, "the substitution has an empty path");
        }

        if (!builder.TryBuild(out var path, out var pathError))
        {
            throw new HoconParseException(origin, $"in the substitution's path: {pathError}");
        }

        var token = new HoconToken(HoconTokenKind.Substitution, _text[_position..i], origin)
        {
            SubstitutionPath = path,
            IsOptionalSubstitution = optional,
        };
        _tokens.Add(token);
        AdvanceTo(i);
    }
}
