namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// The abs-send-time extension: a 3-byte, 6.18 fixed-point count of seconds (so it wraps every 64 s) telling
/// when the sender put the packet on the wire; receive-side bandwidth estimation (REMB) reads it. The server
/// rewrites it on every packet it sends.
/// </summary>
public static class AbsSendTime
{
    public const int ValueLength = 3;

    /// <summary>2^18 units per second.</summary>
    public const int UnitsPerSecond = 1 << 18;

    private const long WrapMicroseconds = 64L * 1_000_000;

    public static bool TryRead(ReadOnlySpan<byte> value, out uint sendTime)
    {
        if (value.Length != ValueLength)
        {
            sendTime = 0;
            return false;
        }

        sendTime = (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
        return true;
    }

    /// <summary>Writes the low 24 bits of <paramref name="sendTime"/> into a 3-byte value.</summary>
    public static bool TryWrite(Span<byte> value, uint sendTime)
    {
        if (value.Length != ValueLength)
        {
            return false;
        }

        value[0] = (byte)(sendTime >> 16);
        value[1] = (byte)(sendTime >> 8);
        value[2] = (byte)sendTime;
        return true;
    }

    /// <summary>The 24-bit field for a clock reading in microseconds, rounded down, modulo 64 s.</summary>
    public static uint FromMicroseconds(long microseconds)
    {
        long withinWrap = microseconds % WrapMicroseconds;
        if (withinWrap < 0)
        {
            withinWrap += WrapMicroseconds;
        }

        return (uint)((withinWrap * UnitsPerSecond) / 1_000_000);
    }

    /// <summary>Microseconds since the last 64-second wrap that a 24-bit field stands for, rounded down.</summary>
    public static long ToMicroseconds(uint sendTime) => ((long)(sendTime & 0xFFFFFF) * 1_000_000) / UnitsPerSecond;
}
