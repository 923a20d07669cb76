using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class SeqNumTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 65535, true)]        // wrap-around
    [InlineData(65535, 0, false)]
    [InlineData(32767, 0, true)]        // just under half the range ahead
    [InlineData(32768, 0, false)]       // half the range: counted as older
    [InlineData(5, 5, false)]
    public void Newer_means_less_than_half_the_range_ahead(int a, int b, bool newer)
    {
        SeqNum.IsNewer((ushort)a, (ushort)b).Should().Be(newer);
    }

    [Fact]
    public void Delta_is_signed_across_the_wrap()
    {
        SeqNum.Delta(65530, 4).Should().Be(10);
        SeqNum.Delta(4, 65530).Should().Be(-10);
        SeqNum.Max(65530, 4).Should().Be(4);
    }

    [Fact]
    public void Narrow_counters_wrap_at_their_own_width()
    {
        WrappingCounter.IsNewer(0, 255, 8).Should().BeTrue();
        WrappingCounter.IsNewer(0, 0x7FFF, 15).Should().BeTrue();
        WrappingCounter.Delta(250, 3, 8).Should().Be(9);
    }

    [Fact]
    public void Rtp_timestamps_compare_as_32_bit_serial_numbers()
    {
        RtpTimestamps.IsNewer(10, 0xFFFF_FFF0).Should().BeTrue();
        RtpTimestamps.IsNewer(0xFFFF_FFF0, 10).Should().BeFalse();
    }
}
