namespace Sfu.Transport.Tests.Stun;

/// <summary>Reads hex written for people: any whitespace between bytes, '#' comments to the end of a line.</summary>
internal static class HexText
{
    public static byte[] Parse(string text)
    {
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (string line in text.Split('\n'))
        {
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            foreach (char c in comment >= 0 ? line.AsSpan(0, comment) : line.AsSpan())
            {
                if (!char.IsWhiteSpace(c))
                {
                    digits.Append(c);
                }
            }
        }

        return Convert.FromHexString(digits.ToString());
    }
}
