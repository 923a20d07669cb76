using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class RateCalculatorTests
{
    [Fact]
    public void Bitrate_is_the_bytes_of_the_last_second_in_bits()
    {
        var rate = new RateCalculator();
        for (long time = 0; time < 1000; time += 10)
        {
            rate.Update(125, time);
        }

        rate.GetBitrate(999).Should().Be(100 * 125 * 8);
    }

    [Fact]
    public void Traffic_leaves_the_window_in_100_ms_steps()
    {
        var rate = new RateCalculator();
        rate.Update(1000, 50);
        rate.Update(1000, 550);

        rate.GetBitrate(999).Should().Be(16_000);
        rate.GetBitrate(1099).Should().Be(8_000, "the bucket of time 50 left the window");
        rate.GetBitrate(1599).Should().Be(0);
    }

    [Fact]
    public void A_long_silence_empties_the_window()
    {
        var rate = new RateCalculator();
        rate.Update(5000, 0);

        rate.GetBitrate(60_000).Should().Be(0);
        rate.Update(100, 60_010);
        rate.GetBitrate(60_010).Should().Be(800);
    }

    [Fact]
    public void Bytes_older_than_the_window_are_ignored()
    {
        var rate = new RateCalculator();
        rate.Update(100, 5000);
        rate.Update(100, 3000);

        rate.GetBitrate(5000).Should().Be(800);
    }
}
