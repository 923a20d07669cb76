namespace Sfu.Transport.Sdp;

/// <summary>Character classes and strict number reading shared by the parser and the builders (RFC 8866 §9 grammar).</summary>
internal static class SdpText
{
    /// <summary>
    /// RFC 8866 §9 token-char: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E — printable ASCII
    /// without space, '"', '(', ')', ',', '/', ':', ';', '&lt;', '=', '&gt;', '?', '@', '[', '\', ']'.
    /// WebRTC values (msid ids with braces, ice-options with commas, candidates' addresses) are sometimes wider, so
    /// <see cref="IsWord"/> is the looser class used for those.
    /// </summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            bool ok = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A non-empty run of visible ASCII characters (%x21-7E): no spaces, no control characters.</summary>
    public static bool IsWord(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/".</summary>
    public static bool IsIceChars(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8851 §10 rid-syntax: 1*(alpha-numeric / "-" / "_").</summary>
    public static bool IsRidId(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 8122 §5 fingerprint: 2HEXDIG *(":" 2HEXDIG).</summary>
    public static bool IsFingerprintHex(ReadOnlySpan<char> text)
    {
        if (text.Length < 2 || (text.Length + 1) % 3 != 0)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            bool ok = i % 3 == 2 ? text[i] == ':' : char.IsAsciiHexDigit(text[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decimal digits only (no sign, no spaces), at most <paramref name="max"/>.</summary>
    public static bool TryParseULong(ReadOnlySpan<char> text, ulong max, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            ulong digit = (ulong)(c - '0');
            if (digit > max || value > (max - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<char> text, int max, out int value)
    {
        bool ok = TryParseULong(text, (ulong)max, out ulong wide);
        value = (int)wide;
        return ok;
    }

    /// <summary>Splits on single spaces, dropping empty pieces (so doubled spaces are tolerated).</summary>
    public static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
