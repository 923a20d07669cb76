using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>
/// The receiver bookkeeping of RFC 3550 Appendix A worked by hand: A.1 (sequence numbers and cycles),
/// A.3 (expected, lost, fraction lost) and A.8 (interarrival jitter). Audio at 8 kHz, 20 ms packets, so the
/// RTP timestamp steps by 160 and one millisecond is 8 timestamp units.
/// </summary>
public class Rfc3550Tests
{
    private const int ClockRate = 8000;
    private const uint Ssrc = 0x1234_5678;

    [Fact]
    public void A1_sequence_numbers_that_wrap_count_a_cycle()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        ushort[] sequence = [65534, 65535, 0, 1];
        for (int i = 0; i < sequence.Length; i++)
        {
            stats.OnPacket(sequence[i], (uint)(i * 160), 100, i * 20).Should().BeTrue();
        }

        // cycles = 1 << 16, highest = 1
        stats.ExtendedHighestSequenceNumber.Should().Be(0x0001_0001);
        stats.ExpectedPacketCount.Should().Be(4);
        stats.CumulativeLost.Should().Be(0);
    }

    [Fact]
    public void A1_a_late_packet_before_the_wrap_does_not_count_another_cycle()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        stats.OnPacket(65535, 0, 100, 0);
        stats.OnPacket(1, 320, 100, 40);
        stats.OnPacket(0, 160, 100, 45);

        stats.ExtendedHighestSequenceNumber.Should().Be(0x0001_0001);
        stats.CumulativeLost.Should().Be(0);
    }

    [Fact]
    public void A1_a_jump_beyond_max_dropout_is_refused_until_the_next_packet_follows_it()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        stats.OnPacket(100, 0, 100, 0).Should().BeTrue();
        stats.OnPacket(101, 160, 100, 20).Should().BeTrue();

        // 20 000 ahead: more than MAX_DROPOUT (3000), so the first one is held as "bad_seq".
        stats.OnPacket(20_100, 320, 100, 40).Should().BeFalse();
        stats.ExtendedHighestSequenceNumber.Should().Be(101);

        // Its successor confirms the sender restarted: the statistics start over from it.
        stats.OnPacket(20_101, 480, 100, 60).Should().BeTrue();
        stats.ExtendedHighestSequenceNumber.Should().Be(20_101);
        stats.ExpectedPacketCount.Should().Be(1);
        stats.PacketCount.Should().Be(1);
    }

    [Fact]
    public void A3_ten_lost_out_of_a_hundred_reports_fraction_25_of_256()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 != 5)
            {
                stats.OnPacket((ushort)(1000 + i), (uint)(i * 160), 100, i * 20);
            }
        }

        RtcpReportBlock block = stats.CreateReportBlock(2000);

        block.Ssrc.Should().Be(Ssrc);
        block.ExtendedHighestSequenceNumber.Should().Be(1099);
        block.CumulativeLost.Should().Be(10);
        block.FractionLost.Should().Be(25, "10 * 256 / 100 = 25.6, truncated");
    }

    [Fact]
    public void A3_the_fraction_covers_only_the_interval_since_the_previous_report()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        for (int i = 0; i < 50; i++)
        {
            if (i != 10 && i != 20)
            {
                stats.OnPacket((ushort)i, (uint)(i * 160), 100, i * 20);
            }
        }

        stats.CreateReportBlock(1000).FractionLost.Should().Be(10, "2 * 256 / 50 = 10.24");

        for (int i = 50; i < 100; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, i * 20);
        }

        RtcpReportBlock second = stats.CreateReportBlock(2000);
        second.FractionLost.Should().Be(0);
        second.CumulativeLost.Should().Be(2);
    }

    [Fact]
    public void A3_duplicates_make_the_cumulative_loss_negative_and_the_fraction_zero()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        for (int i = 0; i < 10; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, i * 20);
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, i * 20 + 1);
        }

        RtcpReportBlock block = stats.CreateReportBlock(500);
        block.CumulativeLost.Should().Be(-10);
        block.FractionLost.Should().Be(0);
    }

    [Fact]
    public void A8_packets_arriving_exactly_on_their_timestamps_have_no_jitter()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        for (int i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)i, 90_000 + (uint)(i * 160), 100, 5_000 + i * 20);
        }

        stats.Jitter.Should().Be(0);
    }

    [Fact]
    public void A8_one_packet_ten_ms_late_moves_the_jitter_a_sixteenth_of_80_units()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        stats.OnPacket(0, 0, 100, 1000);
        stats.OnPacket(1, 160, 100, 1020);

        // 10 ms late = 80 timestamp units of transit difference: J = 0 + (80 - 0) / 16 = 5.
        stats.OnPacket(2, 320, 100, 1050);
        stats.Jitter.Should().Be(5);

        // Back on time: D = 80 again (the transit shrinks by 80), J = 5 + (80 - 5) / 16 ≈ 9.69, reported as 9.
        stats.OnPacket(3, 480, 100, 1060);
        stats.Jitter.Should().Be(9);
    }

    [Fact]
    public void A8_constant_alternating_delay_converges_to_the_delay_difference()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        for (int i = 0; i < 400; i++)
        {
            long lateness = i % 2 == 0 ? 0 : 4; // every other packet 4 ms (32 units) late
            stats.OnPacket((ushort)i, (uint)(i * 160), 100, 1000 + i * 20 + lateness);
        }

        stats.Jitter.Should().BeInRange(30, 32, "J converges to |D| = 32 units from below");
    }

    [Fact]
    public void A8_retransmitted_packets_do_not_feed_the_jitter()
    {
        var stats = new ReceiveStreamStatistics(Ssrc, ClockRate);
        stats.OnPacket(0, 0, 100, 1000);
        stats.OnPacket(2, 320, 100, 1040);
        stats.OnPacket(1, 160, 100, 1300, isRetransmission: true);
        stats.OnPacket(3, 480, 100, 1060);

        stats.Jitter.Should().Be(0);
        stats.RetransmittedPacketCount.Should().Be(1);
        stats.CumulativeLost.Should().Be(0);
    }
}
