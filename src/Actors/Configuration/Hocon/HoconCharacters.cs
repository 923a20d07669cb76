using System.Text;

namespace Sfu.Actors.Configuration;

/// <summary>Character classes and the quoted-string decoder shared by the lexer and path parsing.</summary>
internal static class HoconCharacters
{
    /// <summary>
    /// HOCON spec "Unquoted strings": these may not appear unquoted. Some start tokens ('{', '$'),
    /// the others are reserved so that later versions of the format can give them a meaning.
    /// </summary>
    public static bool IsReserved(char c) => c is '$' or '"' or '{' or '}' or '[' or ']' or ':' or '=' or ','
        or '+' or '#' or '`' or '^' or '?' or '!' or '@' or '*' or '&' or '\\';

    /// <summary>Whitespace other than the newline, which is a token of its own. The BOM counts as blank.</summary>
    public static bool IsBlank(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    /// <summary>
    /// Decodes a JSON-style quoted string starting at the opening quote <paramref name="start"/>.
    /// On success <paramref name="end"/> is just after the closing quote; on failure it is where the
    /// problem is (the bad escape, or the opening quote of a string that is never closed).
    /// Escapes are those of JSON (RFC 8259 section 7). A raw newline ends the line before the string
    /// ends, which is an error; a triple-quoted string is the way to write multi-line text.
    /// </summary>
    public static bool TryReadQuoted(string text, int start, out string value, out int end, out string error)
    {
        var builder = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                value = builder.ToString();
                end = i + 1;
                error = string.Empty;
                return true;
            }

            if (c == '\n')
            {
                break;
            }

            if (c != '\\')
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= text.Length)
            {
                break;
            }

            var escaped = text[i + 1];
            switch (escaped)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (i + 6 > text.Length || !TryParseHex4(text.AsSpan(i + 2, 4), out var code))
                    {
                        value = string.Empty;
                        end = i;
                        error = "\\u must be followed by four hexadecimal digits";
                        return false;
                    }

                    builder.Append((char)code);
                    i += 4;
                    break;
                default:
                    value = string.Empty;
                    end = i;
                    error = $"'\\{escaped}' is not a valid escape; use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX";
                    return false;
            }

            i += 2;
        }

        value = string.Empty;
        end = start;
        error = "the string is not closed by a '\"' before the end of the line";
        return false;
    }

    private static bool TryParseHex4(ReadOnlySpan<char> digits, out int code)
    {
        code = 0;
        foreach (var c in digits)
        {
            var nibble = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            code = (code << 4) | nibble;
        }

        return true;
    }
}
