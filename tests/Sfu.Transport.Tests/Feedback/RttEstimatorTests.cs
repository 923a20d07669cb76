using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class RttEstimatorTests
{
    private const long SentAtUnixMs = 1_700_000_000_000;

    [Fact]
    public void Until_a_report_echoes_an_sr_the_rtt_is_100_ms()
    {
        var rtt = new RttEstimator();
        rtt.RttMs.Should().Be(100);
        rtt.TryUpdate(new RtcpReportBlock(1, 0, 0, 0, 0, LastSenderReport: 0, DelaySinceLastSenderReport: 0), SentAtUnixMs).Should().BeFalse();
        rtt.HasMeasurement.Should().BeFalse();
    }

    [Fact]
    public void Rtt_is_the_arrival_minus_the_echoed_sr_time_minus_the_receivers_delay()
    {
        // RFC 3550 §6.4.1: our SR left at T, the receiver held it 250 ms, its RR arrived at T + 320 ms.
        uint lastSenderReport = NtpTime.CompactFromUnixMilliseconds(SentAtUnixMs);
        var block = new RtcpReportBlock(1, 0, 0, 0, 0, lastSenderReport, NtpTime.MillisecondsToCompact(250));
        var rtt = new RttEstimator();

        rtt.TryUpdate(block, SentAtUnixMs + 320).Should().BeTrue();

        rtt.RttMs.Should().BeInRange(69, 71, "320 − 250 = 70 ms, give or take compact NTP rounding");
        rtt.HasMeasurement.Should().BeTrue();
    }

    [Fact]
    public void A_dlrr_answer_to_our_receiver_reference_time_measures_the_rtt_the_same_way()
    {
        uint lastReceiverReport = NtpTime.CompactFromUnixMilliseconds(SentAtUnixMs);
        var subBlock = new RtcpDlrrSubBlock(7, lastReceiverReport, NtpTime.MillisecondsToCompact(10));
        var rtt = new RttEstimator();

        rtt.TryUpdate(subBlock, SentAtUnixMs + 45).Should().BeTrue();
        rtt.RttMs.Should().BeInRange(34, 36);
    }

    [Fact]
    public void An_echo_claiming_more_delay_than_elapsed_is_ignored()
    {
        uint lastSenderReport = NtpTime.CompactFromUnixMilliseconds(SentAtUnixMs);
        var block = new RtcpReportBlock(1, 0, 0, 0, 0, lastSenderReport, NtpTime.MillisecondsToCompact(500));
        var rtt = new RttEstimator();

        rtt.TryUpdate(block, SentAtUnixMs + 100).Should().BeFalse();
        rtt.RttMs.Should().Be(100);
    }
}
