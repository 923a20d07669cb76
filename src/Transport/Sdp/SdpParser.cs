using System.Diagnostics.CodeAnalysis;

namespace Sfu.Transport.Sdp;

/// <summary>
/// Reads SDP text (RFC 8866) into a <see cref="SessionDescription"/>. Never throws: any input either parses or
/// yields a one-line error naming the line and the problem. Accepts LF or CRLF line ends and skips empty lines;
/// enforces the RFC 8866 §5 line order so that the verbatim lines can be written back in place.
/// </summary>
public static partial class SdpParser
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? sdp, [NotNullWhen(false)] out string? error) =>
        TryParse(text, SdpParserSettings.Default, out sdp, out error);

    public static bool TryParse(
        string? text,
        SdpParserSettings settings,
        [NotNullWhen(true)] out SessionDescription? sdp,
        [NotNullWhen(false)] out string? error)
    {
        sdp = null;
        try
        {
            error = Parse(text, settings, out sdp);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Belt and braces: every reader validates before it indexes, but a parser facing the network must
            // not let a missed case take the signaling connection down.
            error = $"unreadable SDP ({exception.GetType().Name})";
        }

        if (error is null && sdp is not null)
        {
            return true;
        }

        error ??= "unreadable SDP";
        sdp = null;
        return false;
    }

    private static string? Parse(string? text, SdpParserSettings settings, out SessionDescription? sdp)
    {
        sdp = null;
        if (string.IsNullOrEmpty(text))
        {
            return "empty SDP";
        }

        if (text.Length > settings.MaxTextLength)
        {
            return $"SDP is {text.Length} characters, more than the limit of {settings.MaxTextLength}";
        }

        var document = new DocumentBuilder(settings);
        int lineNumber = 0;
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;
            lineNumber++;
            if (lineNumber > settings.MaxLines)
            {
                return $"line {lineNumber}: more than {settings.MaxLines} lines";
            }

            int length = end - start;
            if (length > 0 && text[end - 1] == '\r')
            {
                length--;
            }

            string? failure = document.Accept(text.Substring(start, length));
            if (failure is not null)
            {
                return $"line {lineNumber}: {failure}";
            }

            start = end + 1;
        }

        return document.Finish(out sdp);
    }

    /// <summary>RFC 8866 §5 order inside the session part; t=, r= and z= form one repeated block.</summary>
    private static int SessionRank(char type) => type switch
    {
        'i' => 1,
        'u' => 2,
        'e' => 3,
        'p' => 4,
        'c' => 5,
        'b' => 6,
        't' or 'r' or 'z' => 7,
        'k' => 8,
        'a' => 9,
        _ => -1,
    };

    /// <summary>RFC 8866 §5 order inside a media section.</summary>
    private static int MediaRank(char type) => type switch
    {
        'i' => 1,
        'c' => 2,
        'b' => 3,
        'k' => 4,
        'a' => 5,
        _ => -1,
    };

    private const int SessionConnectionRank = 5;

    private const int SessionTimingRank = 7;

    private const int MediaConnectionRank = 2;

    private sealed class DocumentBuilder(SdpParserSettings settings)
    {
        private readonly SessionBuilder session = new();
        private readonly List<MediaBuilder> media = [];
        private int headerLines;
        private int lastRank;

        public string? Accept(string line)
        {
            if (line.Length == 0)
            {
                return null;
            }

            if (line.AsSpan().IndexOfAny('\r', '\0') >= 0)
            {
                return "stray CR or NUL character";
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]))
            {
                return "expected a '<letter>=' line";
            }

            char type = line[0];
            string value = line[2..];
            if (headerLines < 3)
            {
                return AcceptHeader(type, value);
            }

            if (type == 'm')
            {
                if (media.Count >= settings.MaxMediaSections)
                {
                    return $"more than {settings.MaxMediaSections} media sections";
                }

                var section = new MediaBuilder();
                media.Add(section);
                lastRank = 0;
                return section.AcceptMediaLine(value);
            }

            int rank = media.Count == 0 ? SessionRank(type) : MediaRank(type);
            if (rank < 0)
            {
                return media.Count == 0 ? $"unknown line type '{type}='" : $"'{type}=' is not allowed in a media section";
            }

            if (rank < lastRank)
            {
                return $"'{type}=' is out of the RFC 8866 order (v o s i u e p c b t r z k a, then m i c b k a)";
            }

            lastRank = rank;
            if (type == 'a')
            {
                int colon = value.IndexOf(':');
                string name = colon < 0 ? value : value[..colon];
                if (!SdpText.IsToken(name))
                {
                    return $"attribute name '{name}' is not a token";
                }

                string? attributeValue = colon < 0 ? null : value[(colon + 1)..];
                return media.Count == 0 ? session.AcceptAttribute(name, attributeValue) : media[^1].AcceptAttribute(name, attributeValue);
            }

            return media.Count == 0 ? session.AcceptLine(type, value) : media[^1].AcceptLine(type, value);
        }

        public string? Finish(out SessionDescription? sdp)
        {
            sdp = null;
            if (headerLines < 3)
            {
                return "missing v=, o= or s= line";
            }

            if (session.Timing is null)
            {
                return "missing t= line";
            }

            var mids = new HashSet<string>(StringComparer.Ordinal);
            var sections = new MediaDescription[media.Count];
            for (int i = 0; i < media.Count; i++)
            {
                MediaDescription section = media[i].Build();
                if (section.Mid is not null && !mids.Add(section.Mid))
                {
                    return $"media section {i + 1}: mid '{section.Mid}' is used twice (RFC 5888 §4)";
                }

                sections[i] = section;
            }

            sdp = session.Build(ValueList.Create<MediaDescription>(sections));
            return null;
        }

        private string? AcceptHeader(char type, string value)
        {
            char expected = headerLines switch { 0 => 'v', 1 => 'o', _ => 's' };
            if (type != expected)
            {
                return $"expected '{expected}=' (an SDP starts with v=, o=, s=)";
            }

            headerLines++;
            switch (type)
            {
                case 'v':
                    return value == "0" ? null : "only SDP version 0 exists (RFC 8866 §5.1)";
                case 'o':
                    if (!SdpValueReader.TryReadOrigin(value, out SdpOrigin? origin, out string error))
                    {
                        return error;
                    }

                    session.Origin = origin;
                    return null;
                default:
                    session.SessionName = value;
                    return null;
            }
        }
    }
}
