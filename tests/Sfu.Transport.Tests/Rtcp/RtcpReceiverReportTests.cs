using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpReceiverReportTests
{
    private static readonly byte[] ReceiverReport = Hex.Parse("""
        81 c9 00 07   // V=2 P=0 RC=1 PT=RR=201 length=7
        00 00 00 01   // SSRC of packet sender
        5d 2a 91 c7   // SSRC_1
        00 ff ff ff   // fraction lost 0 | cumulative number of packets lost -1 (duplicates)
        00 00 1f 4a   // extended highest sequence number received
        00 00 01 00   // interarrival jitter
        00 00 00 00   // last SR: none yet
        00 00 00 00   // delay since last SR
        """);

    [Fact]
    public void Negative_cumulative_loss_is_sign_extended()
    {
        RtcpReceiverReport.TryParse(ReceiverReport, out RtcpReceiverReport report).Should().BeTrue();

        report.Ssrc.Should().Be(1);
        report.ReportCount.Should().Be(1);
        report.GetReportBlock(0).Should().Be(new RtcpReportBlock(0x5d2a91c7, 0, -1, 0x1f4a, 0x100, 0, 0));
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[32];

        RtcpReceiverReport.TryWrite(buffer, 1, [new RtcpReportBlock(0x5d2a91c7, 0, -1, 0x1f4a, 0x100, 0, 0)], out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(ReceiverReport));
    }

    [Fact]
    public void Empty_receiver_report_is_one_word_of_ssrc()
    {
        byte[] bytes = Hex.Parse("""
            80 c9 00 01   // V=2 P=0 RC=0 PT=RR=201 length=1
            00 00 00 01   // SSRC of packet sender
            """);

        RtcpReceiverReport.TryParse(bytes, out RtcpReceiverReport report).Should().BeTrue();

        report.ReportCount.Should().Be(0);
        byte[] written = new byte[8];
        RtcpReceiverReport.TryWrite(written, 1, [], out int length).Should().BeTrue();
        written.AsSpan(0, length).ToArray().Should().Equal(bytes);
    }

    [Fact]
    public void Truncated_report_block_is_invalid()
    {
        byte[] bytes = ReceiverReport.AsSpan(0, 28).ToArray();
        bytes[3] = 0x06;

        RtcpReceiverReport.TryParse(bytes, out _).Should().BeFalse();
    }
}
