using Sfu.Transport.Feedback;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>
/// Probing for bandwidth a sender does not use (<see cref="ProbeCluster"/>): the delay-based controller grows only
/// near the acknowledged rate, so a call whose streams need less than the path carries learns what the path carries
/// from a short burst above the estimate.
/// </summary>
public class BandwidthProbeTests
{
    private static readonly BandwidthEstimatorSettings Capped = new(MaxBitrate: 10_000_000);
    private static readonly TimeSpan Burst = TimeSpan.FromMilliseconds(60);

    [Fact]
    public void Without_a_probe_an_application_limited_sender_s_estimate_stays_near_what_it_sends()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { ApplicationLimitBps = 400_000 };

        link.Run(TimeSpan.FromSeconds(30)).Should().BeLessThanOrEqualTo(700_000,
            "growth stops at 1.5 × the acknowledged rate + 10 kbit/s (here below the 600 kbit/s start, which it keeps)");
    }

    [Fact]
    public void A_probe_on_a_fast_path_lifts_the_estimate_to_about_the_probe_s_rate()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { ApplicationLimitBps = 400_000 };
        link.Run(TimeSpan.FromSeconds(2));

        link.Probe(1_200_000, Burst);

        estimator.IsProbePending.Should().BeFalse("the feedback covered the whole burst");
        estimator.LastProbeBitrate.Should().BeInRange(1_100_000, 1_300_000);
        estimator.AvailableBitrate.Should().BeGreaterThanOrEqualTo(1_100_000);
        link.Run(TimeSpan.FromSeconds(5)).Should().BeGreaterThanOrEqualTo(1_100_000, "what the probe found is kept while the path stays normal");
    }

    [Fact]
    public void Probes_of_twice_the_estimate_reach_a_fast_path_s_rate_in_a_few_steps()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { ApplicationLimitBps = 300_000 };
        link.Run(TimeSpan.FromSeconds(2));

        for (int i = 0; i < 4; i++)
        {
            link.Probe(2 * estimator.AvailableBitrate, Burst);
        }

        estimator.AvailableBitrate.Should().BeGreaterThan(5_000_000, "600 kbit/s doubled four times, give or take the measurement");
    }

    [Fact]
    public void A_probe_above_a_bottleneck_finds_the_bottleneck_and_not_its_own_rate()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { ApplicationLimitBps = 300_000, CapacityBps = 1_500_000 };
        link.Run(TimeSpan.FromSeconds(2));

        link.Probe(4_000_000, Burst);

        estimator.LastProbeBitrate.Should().BeInRange(1_200_000, 1_500_000, "the bottleneck spread the burst out: 95 % of its arrival rate");
        estimator.AvailableBitrate.Should().BeLessThanOrEqualTo(1_500_000);
    }

    [Fact]
    public void A_probe_that_lost_a_quarter_of_its_packets_is_not_trusted()
    {
        var estimator = new SendSideBandwidthEstimator(Capped);
        var link = new SimulatedLink(estimator) { ApplicationLimitBps = 300_000 };
        link.Run(TimeSpan.FromSeconds(2));
        long before = estimator.AvailableBitrate;

        link.LossEvery = 4;
        link.Probe(3_000_000, Burst);

        estimator.LastProbeBitrate.Should().Be(0);
        estimator.AvailableBitrate.Should().BeLessThanOrEqualTo(before);
    }

    [Fact]
    public void A_burst_whose_packets_all_left_within_a_millisecond_measures_nothing()
    {
        var cluster = new ProbeCluster(65_530);
        for (int i = 0; i < 10; i++)
        {
            cluster.OnPacketSent();
        }

        cluster.End(1_000);
        for (int i = 0; i < 10; i++)
        {
            cluster.OnReport(received: true, sendUs: 1_000, arrivalUs: 21_000 + i * 1_000, size: 1_200);
        }

        cluster.IsFullyReported.Should().BeTrue();
        cluster.Result().Should().Be(0, "a send span below 5 ms is the clock's granularity, not a rate");
    }

    [Fact]
    public void A_cluster_holds_the_numbers_stamped_while_it_ran_across_the_16_bit_wrap()
    {
        var cluster = new ProbeCluster(65_534);
        for (int i = 0; i < 4; i++)
        {
            cluster.OnPacketSent();
        }

        cluster.End(0);
        cluster.OnPacketSent();

        cluster.PacketsSent.Should().Be(4, "nothing joins an ended burst");
        cluster.Contains(65_534).Should().BeTrue();
        cluster.Contains(1).Should().BeTrue();
        cluster.Contains(2).Should().BeFalse();
        cluster.Contains(65_533).Should().BeFalse();
    }

    [Fact]
    public void The_rates_leave_out_the_packet_that_closes_each_interval()
    {
        // 11 packets of 1,000 bytes sent 1 ms apart (10 ms) and arriving 2 ms apart (20 ms): 10,000 bytes over each span.
        var cluster = new ProbeCluster(100);
        for (int i = 0; i < 11; i++)
        {
            cluster.OnPacketSent();
        }

        cluster.End(20_000);
        for (int i = 0; i < 11; i++)
        {
            cluster.OnReport(received: true, sendUs: 10_000 + i * 1_000, arrivalUs: 50_000 + i * 2_000, size: 1_000);
        }

        // Send rate 8 Mbit/s, arrival rate 4 Mbit/s: below 90 % of the send rate, so a bottleneck, kept at 95 %.
        cluster.Result().Should().Be(3_800_000);
    }
}
