namespace Sfu.Transport.Stun;

/// <summary>
/// CRC-32 as ISO/IEC 13239, ITU-T V.42 and zlib compute it (reflected polynomial 0xEDB88320, initial and final
/// XOR 0xFFFFFFFF), the one RFC 8489 §14.7 names for FINGERPRINT. Table-driven, one byte per step: STUN
/// messages are a hundred bytes, so slicing-by-8 would not pay for its 8 KiB of tables.
/// </summary>
public static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        uint[] table = Table;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
