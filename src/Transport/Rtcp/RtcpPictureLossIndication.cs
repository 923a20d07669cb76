using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Picture Loss Indication (RFC 4585 §6.3.1, PSFB FMT=1): the receiver asks the sender of a media source
/// for a key frame. No FCI.
/// <code>
/// |V=2|P|  FMT=1  |   PT=206      |          length=2             |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// </code>
/// </summary>
public readonly ref struct RtcpPictureLossIndication
{
    public const int FeedbackFormat = 1;
    public const int Length = RtcpHeader.FeedbackHeaderLength;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpPictureLossIndication(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    public static bool TryParse(RtcpPacket packet, out RtcpPictureLossIndication pli)
    {
        pli = default;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Format != FeedbackFormat || packet.Body.Length < 8)
        {
            return false;
        }

        pli = new RtcpPictureLossIndication(packet.Body);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPictureLossIndication pli)
    {
        pli = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out pli);
    }

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int length)
    {
        length = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpHeader.WriteFeedback(destination, FeedbackFormat, RtcpPacketType.PayloadSpecificFeedback, Length, senderSsrc, mediaSsrc);
        length = Length;
        return true;
    }
}
