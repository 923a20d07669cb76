using Sfu.Transport.Feedback;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Feedback;

public class RetransmissionBufferTests
{
    private const int Rtt = 100;

    [Fact]
    public void A_nacked_packet_is_served_as_rtx_with_the_original_sequence_number_in_the_payload()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(500, [1, 2, 3], 0), 1000).Should().BeTrue();
        var rtx = new RtxEncapsulator(0x2222, 97, 7000);
        byte[] destination = new byte[1500];

        buffer.TryWriteRetransmission(500, 1050, Rtt, rtx, destination, out int length).Should().BeTrue();

        RtpPacket.TryParse(destination, length, out RtpPacket packet).Should().BeTrue();
        packet.Ssrc.Should().Be(0x2222);
        packet.PayloadType.Should().Be(97);
        packet.SequenceNumber.Should().Be(7000);
        packet.Payload.ToArray().Should().Equal(0x01, 0xF4, 1, 2, 3);
    }

    [Fact]
    public void A_packet_is_not_resent_twice_within_one_rtt()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(500, [1], 0), 1000);

        buffer.TryGetForResend(500, 1010, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(500, 1060, Rtt, out _).Should().Be(RetransmissionLookup.ResentWithinRtt);
        buffer.TryGetForResend(500, 1110, Rtt, out ReadOnlySpan<byte> packet).Should().Be(RetransmissionLookup.Resend);
        packet.Length.Should().Be(RtxTests.Media(500, [1], 0).Length);
    }

    [Fact]
    public void Packets_older_than_the_maximum_age_are_not_resent()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(MaxAgeMs: 1000));
        buffer.Store(RtxTests.Media(1, [1], 0), 1000);

        buffer.TryGetForResend(1, 2000, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(1, 2101, Rtt, out _).Should().Be(RetransmissionLookup.TooOld);
    }

    [Fact]
    public void A_slot_reused_by_a_newer_packet_no_longer_answers_for_the_old_number()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 4));
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Store(RtxTests.Media(5, [5], 0), 10);

        buffer.TryGetForResend(1, 20, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
        buffer.TryGetForResend(5, 20, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.Count.Should().Be(1);
    }

    [Fact]
    public void Numbers_across_the_wrap_are_kept_apart()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(65535, [1], 0), 0);
        buffer.Store(RtxTests.Media(0, [2], 0), 0);

        buffer.TryGetForResend(65535, 10, Rtt, out ReadOnlySpan<byte> last).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(0, 10, Rtt, out ReadOnlySpan<byte> first).Should().Be(RetransmissionLookup.Resend);
        last[^1].Should().Be(1);
        first[^1].Should().Be(2);
    }

    [Fact]
    public void A_packet_larger_than_a_slot_is_not_stored()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 40));
        buffer.Store(RtxTests.Media(1, new byte[64], 0), 0).Should().BeFalse();
        buffer.TryGetForResend(1, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Clearing_the_buffer_forgets_every_packet()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Clear();

        buffer.Count.Should().Be(0);
        buffer.TryGetForResend(1, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Never_stored_numbers_are_not_found()
    {
        new RetransmissionBuffer().TryGetForResend(42, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void A_slow_stream_keeps_its_initial_slots()
    {
        // 30 packets a second for 10 s: never more than 60 within the 2 s age, so 64 slots would do, 32 must grow once.
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 600, MaxAgeMs: 2000, InitialCapacity: 64));
        for (int i = 0; i < 300; i++)
        {
            buffer.Store(RtxTests.Media((ushort)i, [1], 0), i * 33);
        }

        buffer.CurrentCapacity.Should().Be(64);
        buffer.TryGetForResend(299 - 59, 299 * 33, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
    }

    [Fact]
    public void A_fast_stream_grows_the_buffer_instead_of_losing_packets_still_young_enough_to_resend()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 600, MaxAgeMs: 2000, InitialCapacity: 16));
        for (int i = 0; i < 100; i++)
        {
            buffer.Store(RtxTests.Media((ushort)(65_500 + i), [(byte)i], 0), 1000 + i);
        }

        buffer.CurrentCapacity.Should().Be(128);
        buffer.Count.Should().Be(100);
        for (int i = 0; i < 100; i++)
        {
            buffer.TryGetForResend((ushort)(65_500 + i), 1200, Rtt, out ReadOnlySpan<byte> packet).Should().Be(RetransmissionLookup.Resend);
            packet[^1].Should().Be((byte)i, "each packet moved to its new slot with its own bytes");
        }
    }

    [Fact]
    public void Growth_stops_at_the_configured_capacity()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 50, MaxAgeMs: 2000, InitialCapacity: 8));
        for (int i = 0; i < 200; i++)
        {
            buffer.Store(RtxTests.Media((ushort)i, [1], 0), 1000);
        }

        buffer.CurrentCapacity.Should().Be(50);
        buffer.TryGetForResend(199, 1000, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(100, 1000, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Small_slots_grow_to_hold_a_bigger_packet_and_keep_what_they_held()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 1500, InitialCapacity: 16, InitialSlotSize: 256));
        byte[] small = RtxTests.Media(1, [7, 7, 7], 0);
        byte[] large = RtxTests.Media(2, new byte[600], 0);
        buffer.Store(small, 0);

        buffer.Store(large, 10).Should().BeTrue();

        buffer.CurrentSlotSize.Should().Be(1024, "the next power of two that holds the packet");
        buffer.TryGetForResend(1, 20, Rtt, out ReadOnlySpan<byte> first).Should().Be(RetransmissionLookup.Resend);
        first.ToArray().Should().Equal(small);
        buffer.TryGetForResend(2, 20, Rtt, out ReadOnlySpan<byte> second).Should().Be(RetransmissionLookup.Resend);
        second.ToArray().Should().Equal(large);
    }
}
