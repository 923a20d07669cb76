using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class SendSideBandwidthEstimatorTests
{
    private static readonly BandwidthEstimatorSettings Capped = new(MaxBitrate: 2_000_000);

    [Fact]
    public void The_estimate_starts_at_600_kbps()
    {
        new SendSideBandwidthEstimator().AvailableBitrate.Should().Be(600_000);
    }

    [Fact]
    public void Without_loss_or_queueing_the_estimate_grows_up_to_max_bitrate_out_and_no_further()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator);

        link.Run(TimeSpan.FromSeconds(5)).Should().BeGreaterThan(600_000, "it climbs");
        link.Run(TimeSpan.FromSeconds(40)).Should().Be(2_000_000);
        link.HighestEstimate.Should().Be(2_000_000);
        estimator.DelayState.Should().Be(BandwidthUsage.Normal);
    }

    [Fact]
    public void Twenty_percent_loss_brings_the_estimate_down_and_it_recovers_when_the_loss_stops()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator);
        long before = link.Run(TimeSpan.FromSeconds(10));

        link.LossEvery = 5;
        long lossy = link.Run(TimeSpan.FromSeconds(3));
        lossy.Should().BeLessThan(before / 2);
        estimator.LastLossFraction.Should().BeApproximately(0.2, 0.02);

        link.LossEvery = 0;
        link.Run(TimeSpan.FromSeconds(30)).Should().Be(2_000_000);
    }

    [Fact]
    public void A_bottleneck_makes_the_delay_grow_and_the_estimate_fall_back_to_it()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator);
        link.Run(TimeSpan.FromSeconds(30)).Should().Be(2_000_000);

        link.CapacityBps = 1_000_000;
        link.Run(TimeSpan.FromSeconds(4)).Should().BeLessThan(1_100_000, "the queue builds, the trend rises, the estimate backs off to about the bottleneck");
        estimator.GetAcknowledgedBitrate(0).Should().BeLessThanOrEqualTo(1_000_000);
    }

    [Fact]
    public void After_the_bottleneck_goes_away_the_estimate_recovers()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { CapacityBps = 500_000 };
        link.Run(TimeSpan.FromSeconds(10)).Should().BeLessThan(600_000);

        link.CapacityBps = 100_000_000;
        link.Run(TimeSpan.FromSeconds(40)).Should().Be(2_000_000);
    }

    [Fact]
    public void The_estimate_never_falls_below_the_floor()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings(MinBitrate: 100_000));
        var link = new SimulatedLink(estimator) { LossEvery = 2 };

        link.Run(TimeSpan.FromSeconds(20)).Should().Be(100_000);
    }

    [Fact]
    public void Feedback_about_packets_never_sent_changes_nothing()
    {
        var estimator = new SendSideBandwidthEstimator();

        estimator.OnTransportFeedback(FeedbackAbout(100), 1_000_000);

        estimator.AvailableBitrate.Should().Be(600_000);
    }

    [Fact]
    public void A_transport_that_never_sends_media_holds_no_sent_packet_history()
    {
        var estimator = new SendSideBandwidthEstimator();

        estimator.OnTransportFeedback(FeedbackAbout(10), 1_000_000);

        estimator.SentPacketHistoryCapacity.Should().Be(0);
    }

    [Fact]
    public void A_10_Mbit_download_across_the_sequence_number_wrap_grows_the_history_once_and_its_feedback_is_still_matched()
    {
        var tenMegabits = new BandwidthEstimatorSettings(StartBitrate: 10_000_000, MaxBitrate: 10_000_000);
        var estimator = new SendSideBandwidthEstimator(tenMegabits);
        var link = new SimulatedLink(estimator) { LossEvery = 50 };

        link.Run(TimeSpan.FromSeconds(5)).Should().Be(10_000_000);

        estimator.SentPacketHistoryCapacity.Should().Be(2 * SentPacketHistory.InitialCapacity);
        estimator.GetAcknowledgedBitrate(link.NowUs).Should().BeInRange(9_000_000, 10_000_000, "every delivered packet is matched to its size");
        estimator.LastLossFraction.Should().BeApproximately(0.02, 0.005, "every lost packet is matched too");
    }

    [Fact]
    public void Once_the_history_and_the_feedback_buffers_have_grown_sending_and_matching_feedback_allocates_nothing()
    {
        var estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings(StartBitrate: 10_000_000, MaxBitrate: 10_000_000));
        var link = new SimulatedLink(estimator) { LossEvery = 50 };
        link.Run(TimeSpan.FromSeconds(5)); // first packets, growth and JIT warm-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        link.Run(TimeSpan.FromSeconds(10));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
    }

    /// <summary>A transport-cc feedback packet saying that numbers 0 to <paramref name="packets"/> − 1 arrived 1 ms apart.</summary>
    private static RtcpTransportFeedback FeedbackAbout(int packets)
    {
        var receiver = new TransportCcReceiver();
        for (int i = 0; i < packets; i++)
        {
            receiver.OnPacket((ushort)i, i * 1000);
        }

        byte[] buffer = new byte[1500];
        receiver.TryWriteFeedback(buffer, 0, 0, out int length).Should().BeTrue();
        RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback).Should().BeTrue();
        return feedback;
    }
}
