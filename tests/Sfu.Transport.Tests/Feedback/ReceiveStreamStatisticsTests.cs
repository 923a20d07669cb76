using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class ReceiveStreamStatisticsTests
{
    private const uint Ssrc = 0xCAFE_0001;

    [Fact]
    public void Packets_and_bytes_are_counted_and_the_bitrate_covers_the_last_second()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, 90_000);
        for (int i = 0; i < 100; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 3000), 1250, 10_000 + i * 10);
        }

        stats.PacketCount.Should().Be(100);
        stats.ByteCount.Should().Be(125_000);
        stats.GetBitrate(10_999).Should().Be(1_000_000, "125 000 bytes within one second");
        stats.GetBitrate(12_500).Should().Be(0, "nothing arrived in the last second");
    }

    [Fact]
    public void The_report_block_echoes_the_last_sender_report_and_the_delay_since()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, 90_000);
        stats.OnPacket(1, 0, 100, 1000);
        var info = new RtcpSenderInfo(0xE1A2_B3C4_D5E6_F708, 12345, 10, 1000);
        stats.OnSenderReport(info, 2000);

        RtcpReportBlock block = stats.CreateReportBlock(2500);

        block.LastSenderReport.Should().Be(0xB3C4_D5E6, "the middle 32 bits of the NTP timestamp");
        block.DelaySinceLastSenderReport.Should().Be(32768, "500 ms in 1/65536 s");
        stats.HasSenderReport.Should().BeTrue();
        stats.LastSenderReport.Should().Be(info);
    }

    [Fact]
    public void Without_a_sender_report_lsr_and_dlsr_are_zero()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, 48_000);
        stats.OnPacket(1, 0, 100, 1000);

        RtcpReportBlock block = stats.CreateReportBlock(5000);
        block.LastSenderReport.Should().Be(0);
        block.DelaySinceLastSenderReport.Should().Be(0);
    }

    [Fact]
    public void A_receiver_report_is_written_with_the_stream_block()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, 48_000);
        stats.OnPacket(7, 0, 100, 1000);
        stats.OnPacket(9, 1920, 100, 1040);
        byte[] buffer = new byte[64];

        stats.TryWriteReceiverReport(buffer, 0xAAAA_BBBB, 1100, out int length).Should().BeTrue();

        RtcpReceiverReport.TryParse(buffer.AsSpan(0, length), out RtcpReceiverReport report).Should().BeTrue();
        report.Ssrc.Should().Be(0xAAAA_BBBB);
        report.ReportCount.Should().Be(1);
        RtcpReportBlock block = report.GetReportBlock(0);
        block.Ssrc.Should().Be(Ssrc);
        block.ExtendedHighestSequenceNumber.Should().Be(9);
        block.CumulativeLost.Should().Be(1);
        block.FractionLost.Should().Be(85, "1 * 256 / 3");
    }

    [Fact]
    public void A_non_positive_clock_rate_is_refused()
    {
        Action create = () => _ = new ReceiveStreamStatistics(Ssrc, 0);
        create.Should().Throw<ArgumentOutOfRangeException>();
    }
}
