using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Receiver Report (RFC 3550 §6.4.2, PT=201, count = report blocks):
/// <code>
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (24 bytes each)                 |
/// |                  profile-specific extensions                  |
/// </code>
/// An RR with no block is legal and common: it starts a compound packet when there is nothing to report.
/// </summary>
public readonly ref struct RtcpReceiverReport
{
    public const int FixedLength = RtcpHeader.Length + 4;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public static bool TryParse(RtcpPacket packet, out RtcpReceiverReport report)
    {
        report = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.ReceiverReport || body.Length < 4 + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        report = new RtcpReceiverReport(body, packet.Count);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpReceiverReport report)
    {
        report = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out report);
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public int ReportCount { get; }

    public RtcpReportBlock GetReportBlock(int index)
    {
        RtcpReportBlock.TryRead(_body.Slice(4 + index * RtcpReportBlock.Length, RtcpReportBlock.Length), out RtcpReportBlock block);
        return block;
    }

    public ReadOnlySpan<byte> ProfileExtension => _body[(4 + ReportCount * RtcpReportBlock.Length)..];

    public static int GetLength(int reportCount) => FixedLength + reportCount * RtcpReportBlock.Length;

    /// <summary>Writes an RR with up to 31 report blocks.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> reportBlocks, out int length)
    {
        length = GetLength(reportBlocks.Length);
        if (reportBlocks.Length > RtcpHeader.MaxCount || destination.Length < length)
        {
            length = 0;
            return false;
        }

        RtcpHeader.Write(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        Span<byte> blocks = destination[FixedLength..];
        for (int i = 0; i < reportBlocks.Length; i++)
        {
            reportBlocks[i].TryWrite(blocks[(i * RtcpReportBlock.Length)..]);
        }

        return true;
    }
}
