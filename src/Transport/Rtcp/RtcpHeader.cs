using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1):
/// <c>V=2 | P | count or FMT (5 bits) | PT | length in 32-bit words minus one</c>.
/// </summary>
internal static class RtcpHeader
{
    public const int Length = 4;
    public const int Version = 2;
    public const int MaxCount = 31;
    public const byte PaddingBit = 0x20;

    /// <summary>RFC 4585 §6.1: sender SSRC and media source SSRC follow the header of every feedback message.</summary>
    public const int FeedbackHeaderLength = Length + 8;

    /// <summary>Writes the header of a packet of <paramref name="packetLength"/> bytes, a multiple of 4.</summary>
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength, bool padding = false)
    {
        destination[0] = (byte)((Version << 6) | (padding ? PaddingBit : 0) | (count & MaxCount));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(packetLength / 4 - 1));
    }

    /// <summary>Writes the header and the two SSRCs of a feedback message (RFC 4585 §6.1).</summary>
    public static void WriteFeedback(Span<byte> destination, int format, RtcpPacketType type, int packetLength, uint senderSsrc, uint mediaSsrc, bool padding = false)
    {
        Write(destination, format, type, packetLength, padding);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }

    /// <summary>Whether a packet length fits the 16-bit word count of the header.</summary>
    public static bool FitsLengthField(int packetLength) => packetLength / 4 - 1 <= ushort.MaxValue;
}
