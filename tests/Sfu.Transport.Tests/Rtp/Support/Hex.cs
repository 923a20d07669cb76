using System.Globalization;

namespace Sfu.Transport.Tests.Rtp.Support;

/// <summary>
/// Turns hex written the way RFC diagrams group it ("80 c8 00 06", one row per line, "//" or "#" comments)
/// into bytes, so that test vectors can be laid out next to their annotations.
/// </summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var bytes = new List<byte>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = StripComment(rawLine);
            var digits = new List<char>();
            foreach (char c in line)
            {
                if (Uri.IsHexDigit(c))
                {
                    digits.Add(c);
                }
                else if (!char.IsWhiteSpace(c) && c != ':' && c != '|')
                {
                    throw new FormatException($"Unexpected character '{c}' in hex line: {rawLine}");
                }
            }

            if (digits.Count % 2 != 0)
            {
                throw new FormatException($"Odd number of hex digits in line: {rawLine}");
            }

            for (int i = 0; i < digits.Count; i += 2)
            {
                bytes.Add(byte.Parse(string.Concat(digits[i], digits[i + 1]), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return bytes.ToArray();
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static string StripComment(string line)
    {
        int slash = line.IndexOf("//", StringComparison.Ordinal);
        int hash = line.IndexOf('#');
        int cut = slash < 0 ? hash : hash < 0 ? slash : Math.Min(slash, hash);
        return cut < 0 ? line : line[..cut];
    }
}
