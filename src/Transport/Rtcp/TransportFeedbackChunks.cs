namespace Sfu.Transport.Rtcp;

/// <summary>
/// The packet status chunks of transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1.1–§3.1.4). A status symbol is also the size in bytes of the receive delta it implies:
/// 0 not received (no delta), 1 received with a small delta (1 unsigned byte), 2 received with a large or
/// negative delta (2 signed bytes), 3 reserved.
/// <code>
/// run length chunk:     |T=0| S (2) |     run length (13)     |
/// status vector chunk:  |T=1|S=0|  14 one-bit symbols          |
///                       |T=1|S=1|   7 two-bit symbols          |
/// </code>
/// </summary>
internal static class TransportFeedbackChunks
{
    public const int NotReceived = 0;
    public const int SmallDelta = 1;
    public const int LargeDelta = 2;
    public const int Reserved = 3;

    public const int MaxRunLength = 0x1FFF;
    public const int OneBitCapacity = 14;
    public const int TwoBitCapacity = 7;
    public const int ChunkLength = 2;

    /// <summary>Receive deltas count 250 µs ticks (§3.1.5).</summary>
    public const int MicrosecondsPerTick = 250;

    /// <summary>The reference time counts multiples of 64 ms (§3.1).</summary>
    public const int MicrosecondsPerReferenceUnit = 64_000;

    private const ushort VectorBit = 0x8000;
    private const ushort TwoBitSymbolsBit = 0x4000;

    public static bool IsRunLength(ushort chunk) => (chunk & VectorBit) == 0;

    /// <summary>How many statuses the chunk holds (the last chunk may hold more than the packet still needs).</summary>
    public static int SymbolCount(ushort chunk) =>
        IsRunLength(chunk) ? chunk & MaxRunLength : (chunk & TwoBitSymbolsBit) == 0 ? OneBitCapacity : TwoBitCapacity;

    /// <summary>The symbol at <paramref name="index"/>; vectors list their symbols from the most significant bits.</summary>
    public static int SymbolAt(ushort chunk, int index) =>
        IsRunLength(chunk) ? (chunk >> 13) & 3
        : (chunk & TwoBitSymbolsBit) == 0 ? (chunk >> (13 - index)) & 1
        : (chunk >> (12 - 2 * index)) & 3;

    public static ushort RunLength(int symbol, int count) => (ushort)((symbol << 13) | count);

    /// <summary>A one-bit vector of the first <paramref name="count"/> symbols packed two bits apiece, first in the low bits.</summary>
    public static ushort OneBitVector(ulong packedSymbols, int count)
    {
        int chunk = VectorBit;
        for (int i = 0; i < count; i++)
        {
            chunk |= (int)((packedSymbols >> (2 * i)) & 1) << (13 - i);
        }

        return (ushort)chunk;
    }

    public static ushort TwoBitVector(ulong packedSymbols, int count)
    {
        int chunk = VectorBit | TwoBitSymbolsBit;
        for (int i = 0; i < count; i++)
        {
            chunk |= (int)((packedSymbols >> (2 * i)) & 3) << (12 - 2 * i);
        }

        return (ushort)chunk;
    }
}
