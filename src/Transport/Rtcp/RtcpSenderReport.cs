using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Sender Report (RFC 3550 §6.4.1, PT=200, count = report blocks):
/// <code>
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (24 bytes each)                 |
/// |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct RtcpSenderReport
{
    public const int FixedLength = RtcpHeader.Length + 4 + RtcpSenderInfo.Length;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpSenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public static bool TryParse(RtcpPacket packet, out RtcpSenderReport report)
    {
        report = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.SenderReport || body.Length < 4 + RtcpSenderInfo.Length + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        report = new RtcpSenderReport(body, packet.Count);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpSenderReport report)
    {
        report = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out report);
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public RtcpSenderInfo SenderInfo => RtcpSenderInfo.Read(_body[4..]);

    public int ReportCount { get; }

    public RtcpReportBlock GetReportBlock(int index)
    {
        RtcpReportBlock.TryRead(_body.Slice(4 + RtcpSenderInfo.Length + index * RtcpReportBlock.Length, RtcpReportBlock.Length), out RtcpReportBlock block);
        return block;
    }

    /// <summary>Bytes after the report blocks, defined by a profile; usually empty.</summary>
    public ReadOnlySpan<byte> ProfileExtension => _body[(4 + RtcpSenderInfo.Length + ReportCount * RtcpReportBlock.Length)..];

    public static int GetLength(int reportCount) => FixedLength + reportCount * RtcpReportBlock.Length;

    /// <summary>Writes an SR with up to 31 report blocks.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, in RtcpSenderInfo senderInfo, ReadOnlySpan<RtcpReportBlock> reportBlocks, out int length)
    {
        length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > RtcpHeader.MaxCount || destination.Length < length)
        {
            length = 0;
            return false;
        }

        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        senderInfo.Write(destination[8..]);
        Span<byte> blocks = destination[FixedLength..];
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].TryWrite(blocks[(i * RtcpReportBlock.Length)..]);
        }

        return true;
    }
}
