using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class NackGeneratorTests
{
    private static readonly NackGeneratorSettings Immediate = new(FirstRequestDelayMs: 0);

    [Fact]
    public void A_gap_of_three_packets_is_nacked_at_once_and_again_after_one_rtt()
    {
        var nack = new NackGenerator(Immediate) { RttMs = 50 };
        nack.OnPacket(100, false, false, 1000);

        nack.OnPacket(104, false, false, 1020).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(101, 102, 103);

        nack.OnTimer(1060).Should().Be(NackGeneratorResult.None, "only 40 ms passed, the RTT is 50");
        nack.OnTimer(1070).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(101, 102, 103);
    }

    [Fact]
    public void A_burst_of_losses_far_beyond_the_initial_slots_is_remembered_whole()
    {
        var nack = new NackGenerator(Immediate) { RttMs = 50 };
        nack.OnPacket(1000, false, false, 1000);

        nack.OnPacket(1301, false, false, 1020).Should().Be(NackGeneratorResult.NackRequired);
        nack.OnPacket(1402, false, false, 1030);

        nack.MissingCount.Should().Be(400, "300 then 100 more missing packets, every one kept for NACKs");
    }

    [Fact]
    public void A_stream_that_has_no_key_frames_and_gets_no_retransmissions_holds_no_key_frame_or_recovered_list()
    {
        var nack = new NackGenerator(Immediate);
        for (int i = 0; i < 1000; i++)
        {
            nack.OnPacket((ushort)(i * 2), false, false, 1000 + i * 20); // every other packet lost
        }

        nack.MissingCount.Should().BeGreaterThan(0);
        nack.KeyFrameSlots.Should().Be(0);
        nack.RecoveredSlots.Should().Be(0);
    }

    [Fact]
    public void The_first_key_frame_and_the_first_retransmission_ahead_of_the_newest_packet_allocate_their_lists()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(1, isKeyFrame: true, false, 1000);
        nack.KeyFrameSlots.Should().BeGreaterThan(0);

        nack.OnPacket(3, false, isRecovered: true, 1020);
        nack.RecoveredSlots.Should().BeGreaterThan(0);

        nack.OnPacket(4, false, false, 1040);
        nack.MissingCount.Should().Be(1, "only 2 is missing: 3 was remembered as recovered");
    }

    [Fact]
    public void By_default_a_missing_packet_is_first_requested_once_it_is_ten_ms_old()
    {
        var nack = new NackGenerator();
        nack.OnPacket(10, false, false, 1000);

        nack.OnPacket(12, false, false, 1000).Should().Be(NackGeneratorResult.None, "a packet reordered by a few ms is not a loss yet");
        nack.OnPacket(13, false, false, 1005).Should().Be(NackGeneratorResult.None);
        nack.OnPacket(14, false, false, 1010).Should().Be(NackGeneratorResult.NackRequired, "the next packet finds it 10 ms old");
        Requested(nack).Should().Equal(11);
    }

    [Fact]
    public void Without_further_packets_the_timer_sends_the_first_request()
    {
        var nack = new NackGenerator();
        nack.OnPacket(10, false, false, 1000);
        nack.OnPacket(13, false, false, 1000);

        nack.NeedsTimer.Should().BeTrue();
        nack.OnTimer(1040).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(11, 12);
    }

    [Fact]
    public void Without_a_known_rtt_requests_are_repeated_every_100_ms()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 0);

        nack.OnTimer(99).Should().Be(NackGeneratorResult.None);
        nack.OnTimer(100).Should().Be(NackGeneratorResult.NackRequired);
    }

    [Fact]
    public void A_packet_is_requested_ten_times_in_total_then_given_up()
    {
        var nack = new NackGenerator(Immediate) { RttMs = 10 };
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 0).Should().Be(NackGeneratorResult.NackRequired);
        int requests = 1;
        for (long now = 10; now <= 1000; now += 10)
        {
            if (nack.OnTimer(now) == NackGeneratorResult.NackRequired)
            {
                requests++;
            }
        }

        requests.Should().Be(10);
        nack.MissingCount.Should().Be(0);
        nack.NeedsTimer.Should().BeFalse();
    }

    [Fact]
    public void A_retransmission_that_fills_the_gap_stops_the_requests()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(5, false, false, 0);

        nack.OnPacket(3, false, true, 30).Should().Be(NackGeneratorResult.Recovered);
        nack.OnTimer(200).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(2, 4);
    }

    [Fact]
    public void A_reordered_packet_that_was_not_missing_is_not_a_recovery()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(2, false, false, 0);
        nack.OnPacket(1, false, false, 5).Should().Be(NackGeneratorResult.None);
        nack.MissingCount.Should().Be(0);
    }

    [Fact]
    public void A_gap_across_the_wrap_is_requested_in_rtp_order()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(65533, false, false, 0);

        nack.OnPacket(2, false, false, 0).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(65534, 65535, 0, 1);
        nack.NackItems.ToArray().Should().Equal(new RtcpNackItem(65534, 0b111));
    }

    [Fact]
    public void More_missing_packets_than_the_list_holds_clear_it_and_ask_for_a_key_frame()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(1, false, false, 0);

        nack.OnPacket(2000, false, false, 0).Should().Be(NackGeneratorResult.KeyFrameRequired);
        nack.MissingCount.Should().Be(0);

        nack.OnPacket(2002, false, false, 10).Should().Be(NackGeneratorResult.NackRequired, "numbering continues from the jump");
        Requested(nack).Should().Equal(2001);
    }

    [Fact]
    public void An_overflowing_list_is_cut_back_to_the_last_key_frame_first()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(0, false, false, 0);
        nack.OnPacket(601, false, false, 0);               // 600 missing: 1..600
        nack.OnPacket(602, isKeyFrame: true, false, 0);    // a key frame after them
        nack.MissingCount.Should().Be(600);

        // 500 more would make 1100: the 600 before the key frame are dropped instead of requesting one.
        NackGeneratorResult result = nack.OnPacket(1103, false, false, 0);

        result.HasFlag(NackGeneratorResult.KeyFrameRequired).Should().BeFalse();
        nack.MissingCount.Should().Be(500);
        Requested(nack).Should().StartWith([603, 604]);
    }

    [Fact]
    public void The_nack_is_written_with_sender_ssrc_zero_and_the_media_ssrc()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(10, false, false, 0);
        nack.OnPacket(30, false, false, 0);
        byte[] buffer = new byte[64];

        nack.TryWriteNack(buffer, 0x0102_0304, out int length).Should().BeTrue();

        RtcpGenericNack.TryParse(buffer.AsSpan(0, length), out RtcpGenericNack parsed).Should().BeTrue();
        parsed.SenderSsrc.Should().Be(0);
        parsed.MediaSsrc.Should().Be(0x0102_0304);
        parsed.ItemCount.Should().Be(2, "19 numbers need two items of up to 17");
        parsed.LostCount.Should().Be(19);
    }

    [Fact]
    public void Duplicates_of_the_newest_packet_change_nothing()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(10, false, false, 0);
        nack.OnPacket(10, false, false, 1).Should().Be(NackGeneratorResult.None);
        nack.MissingCount.Should().Be(0);
    }

    [Fact]
    public void A_retransmission_ahead_of_the_newest_packet_is_not_requested_when_the_gap_shows()
    {
        var nack = new NackGenerator(Immediate);
        nack.OnPacket(10, false, false, 0);
        nack.OnPacket(12, false, isRecovered: true, 1).Should().Be(NackGeneratorResult.None);

        nack.OnPacket(14, false, false, 2).Should().Be(NackGeneratorResult.NackRequired);
        Requested(nack).Should().Equal(11, 13);
    }

    private static List<int> Requested(NackGenerator nack)
    {
        var numbers = new List<int>();
        Span<ushort> buffer = stackalloc ushort[17];
        foreach (RtcpNackItem item in nack.NackItems)
        {
            int count = item.CopyLostSequenceNumbers(buffer);
            for (int i = 0; i < count; i++)
            {
                numbers.Add(buffer[i]);
            }
        }

        return numbers;
    }
}
