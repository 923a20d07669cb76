using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class DecayingPeakTests
{
    [Fact]
    public void A_momentary_stall_does_not_make_a_layer_look_cheap()
    {
        var peak = new DecayingPeak(halfLifeMs: 2000);
        peak.Observe(500_000, 0);

        // One selection later (500 ms) the sender stalled and the rate window is nearly empty.
        long planned = peak.Observe(8_000, 500);

        planned.Should().BeGreaterThan(400_000, "the peak has faded by a quarter of a half-life only");
    }

    [Fact]
    public void A_lasting_drop_is_believed_after_a_few_half_lives()
    {
        var peak = new DecayingPeak(halfLifeMs: 2000);
        peak.Observe(1_000_000, 0);

        for (long now = 500; now <= 10_000; now += 500)
        {
            peak.Observe(100_000, now);
        }

        peak.Observe(100_000, 10_000).Should().Be(100_000, "after five half-lives the old peak is below what flows now");
    }

    [Fact]
    public void A_higher_value_raises_the_peak_at_once()
    {
        var peak = new DecayingPeak(halfLifeMs: 2000);
        peak.Observe(100_000, 0);

        peak.Observe(300_000, 100).Should().Be(300_000);
    }

    [Fact]
    public void An_observation_from_the_past_does_not_fade_or_rewind_the_peak()
    {
        var peak = new DecayingPeak(halfLifeMs: 2000);
        peak.Observe(200_000, 1000);

        peak.Observe(0, 500).Should().Be(200_000);
    }
}
