using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class SenderReportGeneratorTests
{
    private const uint Ssrc = 0x1020_3040;
    private const long WallClock = 1_700_000_000_000;

    [Fact]
    public void The_sr_counts_packets_and_payload_octets_and_extrapolates_the_rtp_timestamp()
    {
        var sr = new SenderReportGenerator(Ssrc, 90_000);
        sr.OnPacketSent(3000, 1000, nowMs: 100);
        sr.OnPacketSent(6000, 1100, nowMs: 133);

        RtcpSenderInfo info = sr.CreateSenderInfo(nowMs: 233, wallClockUnixMs: WallClock);

        info.PacketCount.Should().Be(2);
        info.OctetCount.Should().Be(2100);
        info.RtpTimestamp.Should().Be(6000 + 9000, "100 ms after the last packet at 90 kHz");
        info.NtpTimestamp.Should().Be(NtpTime.FromUnixMilliseconds(WallClock));
    }

    [Fact]
    public void A_late_packet_with_an_older_timestamp_does_not_move_the_mapping_back()
    {
        var sr = new SenderReportGenerator(Ssrc, 48_000);
        sr.OnPacketSent(uint.MaxValue - 959, 100, 0);
        sr.OnPacketSent(0, 100, 20);                 // wrapped forward: newer
        sr.OnPacketSent(uint.MaxValue - 959, 100, 25); // a retransmission of the older one

        sr.CreateSenderInfo(20, WallClock).RtpTimestamp.Should().Be(0);
    }

    [Fact]
    public void The_report_is_an_sr_followed_by_the_sdes_cname()
    {
        var sr = new SenderReportGenerator(Ssrc, 48_000);
        sr.OnPacketSent(960, 80, 0);
        byte[] buffer = new byte[200];

        sr.TryWriteReport(buffer, 20, WallClock, "a1b2c3"u8, out int length).Should().BeTrue();

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        reader.MoveNext().Should().BeTrue();
        RtcpSenderReport.TryParse(reader.Current, out RtcpSenderReport report).Should().BeTrue();
        report.Ssrc.Should().Be(Ssrc);
        report.ReportCount.Should().Be(0);
        report.SenderInfo.PacketCount.Should().Be(1);
        reader.MoveNext().Should().BeTrue();
        RtcpSourceDescription.TryParse(reader.Current, out RtcpSourceDescription sdes).Should().BeTrue();
        foreach (RtcpSdesChunk chunk in sdes.Chunks)
        {
            chunk.Ssrc.Should().Be(Ssrc);
            chunk.TryGetCanonicalName(out ReadOnlySpan<byte> cname).Should().BeTrue();
            cname.ToArray().Should().Equal("a1b2c3"u8.ToArray());
        }

        reader.MoveNext().Should().BeFalse("no XR before the receiver sent a reference time");
    }

    [Fact]
    public void After_a_receiver_reference_time_the_report_carries_a_dlrr_for_it()
    {
        var sr = new SenderReportGenerator(Ssrc, 90_000);
        sr.OnPacketSent(1, 1, 0);
        ulong rrtr = NtpTime.FromUnixMilliseconds(WallClock);
        sr.OnReceiverReferenceTime(0xBEEF, rrtr, nowMs: 1000);
        byte[] buffer = new byte[200];

        sr.TryWriteReport(buffer, 1500, WallClock + 500, "x"u8, out int length).Should().BeTrue();

        var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
        reader.MoveNext();
        reader.MoveNext();
        reader.MoveNext().Should().BeTrue();
        RtcpExtendedReport.TryParse(reader.Current, out RtcpExtendedReport xr).Should().BeTrue();
        xr.TryGetDlrr(out RtcpDlrrBlock dlrr).Should().BeTrue();
        RtcpDlrrSubBlock subBlock = dlrr.GetSubBlock(0);
        subBlock.Ssrc.Should().Be(0xBEEF);
        subBlock.LastReceiverReport.Should().Be(RtcpSenderInfo.CompactNtpOf(rrtr));
        subBlock.DelaySinceLastReceiverReport.Should().Be(32768, "500 ms");
    }

    [Fact]
    public void Reports_are_due_only_after_a_packet_and_then_every_max_interval_over_1_15()
    {
        var sr = new SenderReportGenerator(Ssrc, 90_000);
        sr.IsReportDue(0, SenderReportGenerator.VideoMaxIntervalMs).Should().BeFalse("nothing sent yet");

        sr.OnPacketSent(0, 100, 0);
        sr.IsReportDue(0, SenderReportGenerator.VideoMaxIntervalMs).Should().BeTrue();
        sr.TryWriteReport(new byte[200], 0, WallClock, "c"u8, out _).Should().BeTrue();

        sr.IsReportDue(868, SenderReportGenerator.VideoMaxIntervalMs).Should().BeFalse();
        sr.IsReportDue(869, SenderReportGenerator.VideoMaxIntervalMs).Should().BeTrue("1000 / 1.15 = 869.6, truncated");
    }
}
