using System.Buffers.Binary;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Turns a stored packet into its RTX retransmission (RFC 4588 §4): same header (CSRCs, extensions, marker,
/// timestamp) with the RTX SSRC, the RTX payload type and the RTX stream's own sequence number, then the
/// original sequence number (OSN) as the first two payload bytes, then the original payload without padding.
/// One instance per RTX stream: it owns that stream's sequence counter.
/// </summary>
public sealed class RtxEncapsulator(uint rtxSsrc, byte rtxPayloadType, ushort firstSequenceNumber)
{
    public const int OriginalSequenceNumberLength = 2;

    private const byte PaddingBit = 0x20;

    public uint Ssrc { get; } = rtxSsrc;

    public byte PayloadType { get; } = rtxPayloadType;

    /// <summary>The sequence number the next RTX packet gets.</summary>
    public ushort NextSequenceNumber { get; private set; } = firstSequenceNumber;

    /// <summary>Packets written so far.</summary>
    public long PacketCount { get; private set; }

    /// <summary>
    /// Writes the RTX form of <paramref name="original"/> into <paramref name="destination"/>, which needs two
    /// bytes more than the original. False, with nothing counted, when the original is not RTP or it does not fit.
    /// </summary>
    public bool TryEncapsulate(ReadOnlySpan<byte> original, Span<byte> destination, out int length)
    {
        length = 0;
        if (destination.Length < original.Length + OriginalSequenceNumberLength || destination.Overlaps(original))
        {
            return false;
        }

        original.CopyTo(destination);
        if (!RtpPacket.TryParse(destination, original.Length, out RtpPacket packet))
        {
            return false;
        }

        int headerLength = packet.HeaderLength;
        int payloadLength = packet.PayloadLength;
        ushort originalSequenceNumber = packet.SequenceNumber;

        // Shift the payload right to make room for the OSN; CopyTo copes with the overlap.
        destination.Slice(headerLength, payloadLength).CopyTo(destination[(headerLength + OriginalSequenceNumberLength)..]);
        BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], originalSequenceNumber);
        destination[0] = (byte)(destination[0] & ~PaddingBit);
        packet.PayloadType = PayloadType;
        packet.SequenceNumber = NextSequenceNumber;
        packet.Ssrc = Ssrc;

        NextSequenceNumber++;
        PacketCount++;
        length = headerLength + OriginalSequenceNumberLength + payloadLength;
        return true;
    }
}
