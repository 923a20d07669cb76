namespace Sfu.Transport.Stun;

/// <summary>
/// Packs and unpacks the 14-bit message type of RFC 8489 §5 figure 3, where the two class bits are interleaved
/// with the method bits: M11..M7 C1 M6..M4 C0 M3..M0.
/// </summary>
public static class StunMessageType
{
    public static ushort Encode(StunClass messageClass, ushort method)
    {
        int m = method & 0x0FFF;
        int c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    public static StunClass ClassOf(ushort messageType) =>
        (StunClass)(((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10));

    public static ushort MethodOf(ushort messageType) =>
        (ushort)((messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80));
}
