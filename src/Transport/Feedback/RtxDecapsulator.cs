using System.Buffers.Binary;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Receive side of RFC 4588 §4: restores the media packet carried by an RTX packet, in place. The original
/// sequence number (first two payload bytes) goes back into the header, the payload moves up over it, the RTX
/// SSRC and payload type become the media ones, and any padding is dropped. The restored packet then goes
/// through the media stream as a recovered packet (PROTOCOL.md §7.2, R84).
/// </summary>
public static class RtxDecapsulator
{
    private const byte PaddingBit = 0x20;

    public static RtxDecapsulation TryDecapsulate(Span<byte> buffer, int length, byte mediaPayloadType, uint mediaSsrc, out int restoredLength)
    {
        restoredLength = 0;
        if (!RtpPacket.TryParse(buffer, length, out RtpPacket packet))
        {
            return RtxDecapsulation.Invalid;
        }

        int payloadLength = packet.PayloadLength;
        if (payloadLength == 0)
        {
            return RtxDecapsulation.PaddingOnly;
        }

        if (payloadLength < RtxEncapsulator.OriginalSequenceNumberLength)
        {
            return RtxDecapsulation.Invalid;
        }

        int headerLength = packet.HeaderLength;
        ushort originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(buffer[headerLength..]);
        int mediaPayloadLength = payloadLength - RtxEncapsulator.OriginalSequenceNumberLength;
        buffer.Slice(headerLength + RtxEncapsulator.OriginalSequenceNumberLength, mediaPayloadLength).CopyTo(buffer[headerLength..]);
        buffer[0] = (byte)(buffer[0] & ~PaddingBit);
        packet.SequenceNumber = originalSequenceNumber;
        packet.PayloadType = mediaPayloadType;
        packet.Ssrc = mediaSsrc;
        restoredLength = headerLength + mediaPayloadLength;
        return RtxDecapsulation.Restored;
    }
}
