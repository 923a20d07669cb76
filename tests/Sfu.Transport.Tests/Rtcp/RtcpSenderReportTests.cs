using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpSenderReportTests
{
    private static readonly byte[] SenderReport = Hex.Parse("""
        81 c8 00 0c   // V=2 P=0 RC=1 PT=SR=200 length=12
        5d 2a 91 c7   // SSRC of sender
        e9 4f 2c 80   // NTP timestamp, most significant word
        12 34 56 78   // NTP timestamp, least significant word
        00 2b 6d 40   // RTP timestamp
        00 00 01 f4   // sender's packet count 500
        00 05 b8 d8   // sender's octet count 375000
        0c 0f fe e1   // SSRC_1
        05 00 00 0a   // fraction lost 5/256 | cumulative number of packets lost 10
        00 01 1f 4a   // extended highest sequence number received
        00 00 00 20   // interarrival jitter
        4f 2c 80 12   // last SR (LSR)
        00 00 80 00   // delay since last SR (DLSR), half a second
        """);

    private static readonly RtcpReportBlock Block = new(0x0c0ffee1, 5, 10, 0x00011f4a, 0x20, 0x4f2c8012, 0x8000);

    [Fact]
    public void Sender_info_and_report_block_are_read_from_their_rfc3550_positions()
    {
        RtcpSenderReport.TryParse(SenderReport, out RtcpSenderReport report).Should().BeTrue();

        report.Ssrc.Should().Be(0x5d2a91c7);
        report.SenderInfo.Should().Be(new RtcpSenderInfo(0xe94f2c8012345678, 0x002b6d40, 500, 375000));
        report.SenderInfo.CompactNtp.Should().Be(0x2c801234);
        report.ReportCount.Should().Be(1);
        report.GetReportBlock(0).Should().Be(Block);
        report.ProfileExtension.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[64];

        RtcpSenderReport.TryWrite(buffer, 0x5d2a91c7, new RtcpSenderInfo(0xe94f2c8012345678, 0x002b6d40, 500, 375000), [Block], out int length)
            .Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(SenderReport));
    }

    [Fact]
    public void Report_count_larger_than_the_packet_is_invalid()
    {
        byte[] bytes = (byte[])SenderReport.Clone();
        bytes[0] = 0x82; // RC=2 but room for one block

        RtcpSenderReport.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Other_packet_types_are_not_sender_reports()
    {
        byte[] bytes = (byte[])SenderReport.Clone();
        bytes[1] = 201;

        RtcpSenderReport.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Writer_refuses_a_small_buffer_and_more_than_31_blocks()
    {
        var info = new RtcpSenderInfo(1, 2, 3, 4);

        RtcpSenderReport.TryWrite(new byte[27], 1, info, [], out _).Should().BeFalse();
        RtcpSenderReport.TryWrite(new byte[28], 1, info, [], out int length).Should().BeTrue();
        length.Should().Be(28);
        RtcpSenderReport.TryWrite(new byte[2048], 1, info, new RtcpReportBlock[32], out _).Should().BeFalse();
    }
}
