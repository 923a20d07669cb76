namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// The SDES items carried as header extensions (RFC 7941) that identify a stream before its SSRC is known:
/// the BUNDLE mid (RFC 8843 §15.2) and the simulcast rid / repaired rid (RFC 8852 §3). Values are ASCII text
/// without terminator; readers validate the character set and hand back the bytes, without allocating.
/// </summary>
public static class SdesIdentifier
{
    /// <summary>RFC 7941 §4: the value fills the element; an SDES item is at most 255 bytes.</summary>
    public const int MaxLength = 255;

    /// <summary>A mid is an RFC 5888 identification-tag: an SDP token (RFC 4566 §9, token-char).</summary>
    public static bool TryReadMid(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mid)
    {
        mid = IsNonEmptyAndShortEnough(value) && AllTokenChars(value) ? value : ReadOnlySpan<byte>.Empty;
        return !mid.IsEmpty;
    }

    /// <summary>A rid is an RFC 8851 §10 rid-id: letters, digits, '-' and '_'.</summary>
    public static bool TryReadRid(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> rid)
    {
        rid = IsNonEmptyAndShortEnough(value) && AllRidChars(value) ? value : ReadOnlySpan<byte>.Empty;
        return !rid.IsEmpty;
    }

    /// <summary>The repaired rid names the rid of the stream an RTX stream repairs: same syntax.</summary>
    public static bool TryReadRepairedRid(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> repairedRid) =>
        TryReadRid(value, out repairedRid);

    /// <summary>Compares an identifier read from a packet with a known one, without decoding it to a string.</summary>
    public static bool Matches(ReadOnlySpan<byte> value, string expected)
    {
        if (value.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNonEmptyAndShortEnough(ReadOnlySpan<byte> value) => value.Length is > 0 and <= MaxLength;

    private static bool AllTokenChars(ReadOnlySpan<byte> value)
    {
        foreach (byte c in value)
        {
            // token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
            bool ok = c == 0x21 || c is >= 0x23 and <= 0x27 || c is 0x2A or 0x2B or 0x2D or 0x2E
                || c is >= 0x30 and <= 0x39 || c is >= 0x41 and <= 0x5A || c is >= 0x5E and <= 0x7E;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllRidChars(ReadOnlySpan<byte> value)
    {
        foreach (byte c in value)
        {
            if (!(char.IsAsciiLetterOrDigit((char)c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
