namespace Sfu.Transport.Forwarding;

/// <summary>
/// Serial number arithmetic on 16-bit RTP sequence numbers (RFC 1982 with RFC 3550 §A.1's half-range rule):
/// <c>a</c> is newer than <c>b</c> when it lies less than 2^15 steps ahead of it.
/// </summary>
public static class SeqNum
{
    public static bool IsNewer(ushort a, ushort b) => a != b && (ushort)(a - b) < 0x8000;

    public static bool IsNewerOrEqual(ushort a, ushort b) => a == b || IsNewer(a, b);

    public static bool IsOlder(ushort a, ushort b) => IsNewer(b, a);

    /// <summary>Signed steps from <paramref name="from"/> to <paramref name="to"/>, in -32768..32767.</summary>
    public static int Delta(ushort from, ushort to) => (short)(ushort)(to - from);

    public static ushort Max(ushort a, ushort b) => IsNewer(a, b) ? a : b;
}

/// <summary>The same arithmetic for counters of any width up to 31 bits (15-bit picture ids, 8-bit TL0PICIDX, RTP timestamps as 32).</summary>
public static class WrappingCounter
{
    /// <summary>Signed steps from <paramref name="from"/> to <paramref name="to"/> modulo 2^<paramref name="bits"/>.</summary>
    public static long Delta(long from, long to, int bits)
    {
        long range = 1L << bits;
        long delta = (to - from) & (range - 1);
        return delta >= range / 2 ? delta - range : delta;
    }

    public static bool IsNewer(long a, long b, int bits) => Delta(b, a, bits) > 0;
}

/// <summary>RTP timestamps are 32-bit serial numbers (RFC 3550 §5.1).</summary>
public static class RtpTimestamps
{
    public static bool IsNewer(uint a, uint b) => a != b && a - b < 0x8000_0000u;

    public static bool IsNewerOrEqual(uint a, uint b) => a == b || IsNewer(a, b);
}
