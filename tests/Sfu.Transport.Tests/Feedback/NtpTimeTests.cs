using Sfu.Transport.Feedback;

namespace Sfu.Transport.Tests.Feedback;

public class NtpTimeTests
{
    [Fact]
    public void The_unix_epoch_is_2208988800_ntp_seconds()
    {
        NtpTime.FromUnixMilliseconds(0).Should().Be(2_208_988_800UL << 32);
    }

    [Fact]
    public void Half_a_second_is_half_the_fraction_word()
    {
        NtpTime.FromUnixMilliseconds(1_500).Should().Be((2_208_988_801UL << 32) | 0x8000_0000);
    }

    [Fact]
    public void Unix_milliseconds_survive_a_round_trip()
    {
        foreach (long ms in new[] { 0L, 1L, 999L, 1_700_000_000_123L, -1L })
        {
            NtpTime.ToUnixMilliseconds(NtpTime.FromUnixMilliseconds(ms)).Should().Be(ms);
        }
    }

    [Fact]
    public void Durations_convert_to_and_from_sixteenths_of_sixteen_bits()
    {
        NtpTime.MillisecondsToCompact(1000).Should().Be(65536);
        NtpTime.MillisecondsToCompact(-5).Should().Be(0);
        NtpTime.CompactToMilliseconds(32768).Should().Be(500);
    }
}
