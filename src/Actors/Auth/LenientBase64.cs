namespace Sfu.Actors.Auth;

/// <summary>
/// Decodes base64 the way the replaced server does (Node's <c>Buffer.from(s, "base64")</c>), because tokens and
/// keys minted for it must keep working (PROTOCOL.md §2.2):
/// both alphabets are accepted, characters outside them are skipped, decoding stops at the first '=',
/// and a trailing group of 2 or 3 characters yields 1 or 2 bytes (a single leftover character is dropped).
/// </summary>
public static class LenientBase64
{
    private const sbyte Skip = -1;
    private static readonly sbyte[] Alphabet = BuildAlphabet();

    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        byte[] output = new byte[text.Length * 3 / 4 + 3];
        int written = Decode(text, output);
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes into <paramref name="output"/> (at least <c>text.Length * 3 / 4 + 3</c> bytes) and returns the count.</summary>
    public static int Decode(ReadOnlySpan<char> text, Span<byte> output)
    {
        int accumulator = 0;
        int sextets = 0;
        int written = 0;
        foreach (char c in text)
        {
            if (c == '=')
            {
                break;
            }

            int value = c < 128 ? Alphabet[c] : Skip;
            if (value == Skip)
            {
                continue;
            }

            accumulator = (accumulator << 6) | value;
            sextets++;
            if (sextets == 4)
            {
                output[written++] = (byte)(accumulator >> 16);
                output[written++] = (byte)(accumulator >> 8);
                output[written++] = (byte)accumulator;
                accumulator = 0;
                sextets = 0;
            }
        }

        if (sextets == 2)
        {
            output[written++] = (byte)(accumulator >> 4);
        }
        else if (sextets == 3)
        {
            output[written++] = (byte)(accumulator >> 10);
            output[written++] = (byte)(accumulator >> 2);
        }

        return written;
    }

    /// <summary>True when the text holds at least one character of either base64 alphabet before any '='.</summary>
    public static bool HasAnyDigit(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c == '=')
            {
                return false;
            }

            if (c < 128 && Alphabet[c] != Skip)
            {
                return true;
            }
        }

        return false;
    }

    private static sbyte[] BuildAlphabet()
    {
        var table = new sbyte[128];
        Array.Fill(table, Skip);
        const string standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < standard.Length; i++)
        {
            table[standard[i]] = (sbyte)i;
        }

        // RFC 4648 §4 and §5: '+' and '-' both mean 62, '/' and '_' both mean 63.
        table['+'] = 62;
        table['-'] = 62;
        table['/'] = 63;
        table['_'] = 63;
        return table;
    }
}
