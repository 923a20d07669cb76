using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Full Intra Request (RFC 5104 §4.3.1, PSFB FMT=4): like PLI, but addressed by entries in the FCI.
/// <code>
/// |V=2|P|  FMT=4  |   PT=206      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (unused, 0)             |
/// |                              SSRC                             |  one or more
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// </summary>
public readonly ref struct RtcpFullIntraRequest
{
    public const int FeedbackFormat = 4;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpFullIntraRequest(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>RFC 5104 §4.3.1.2 says 0; some senders put the stream's SSRC here too.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    public int EntryCount => (_body.Length - 8) / RtcpFirEntry.Length;

    public RtcpFirEntry GetEntry(int index)
    {
        ReadOnlySpan<byte> entry = _body.Slice(8 + index * RtcpFirEntry.Length, RtcpFirEntry.Length);
        return new RtcpFirEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    public static bool TryParse(RtcpPacket packet, out RtcpFullIntraRequest fir)
    {
        fir = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Format != FeedbackFormat
            || body.Length < 8 + RtcpFirEntry.Length || (body.Length - 8) % RtcpFirEntry.Length != 0)
        {
            return false;
        }

        fir = new RtcpFullIntraRequest(body);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpFullIntraRequest fir)
    {
        fir = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out fir);
    }

    public static int GetLength(int entryCount) => RtcpHeader.FeedbackHeaderLength + entryCount * RtcpFirEntry.Length;

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<RtcpFirEntry> entries, out int length)
    {
        length = GetLength(entries.Length);
        if (entries.IsEmpty || destination.Length < length || !RtcpHeader.FitsLengthField(length))
        {
            length = 0;
            return false;
        }

        RtcpHeader.WriteFeedback(destination, FeedbackFormat, RtcpPacketType.PayloadSpecificFeedback, length, senderSsrc, mediaSsrc);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> entry = destination.Slice(RtcpHeader.FeedbackHeaderLength + i * RtcpFirEntry.Length, RtcpFirEntry.Length);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry[5..].Clear();
        }

        return true;
    }
}
