using Sfu.Transport.Feedback;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Feedback;

public class RetransmissionBufferTests
{
    [Fact]
    public void Packets_older_than_the_maximum_age_are_not_handed_out()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(MaxAgeMs: 1000));
        buffer.Store(RtxTests.Media(1, [1], 0), 1000);

        buffer.TryGet(1, 2000, out _).Should().BeTrue();
        buffer.TryGet(1, 2001, out _).Should().BeFalse();
    }

    [Fact]
    public void A_slot_reused_by_a_newer_packet_no_longer_answers_for_the_old_number()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 4));
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Store(RtxTests.Media(5, [5], 0), 10);

        buffer.TryGet(1, 20, out _).Should().BeFalse();
        buffer.TryGet(5, 20, out _).Should().BeTrue();
        buffer.Count.Should().Be(1);
    }

    [Fact]
    public void Numbers_across_the_wrap_are_kept_apart()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(65535, [1], 0), 0);
        buffer.Store(RtxTests.Media(0, [2], 0), 0);

        buffer.TryGet(65535, 10, out Span<byte> last).Should().BeTrue();
        buffer.TryGet(0, 10, out Span<byte> first).Should().BeTrue();
        last[^1].Should().Be(1);
        first[^1].Should().Be(2);
    }

    [Fact]
    public void A_packet_larger_than_a_slot_is_not_stored()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 40));
        buffer.Store(RtxTests.Media(1, new byte[64], 0), 0).Should().BeFalse();
        buffer.TryGet(1, 0, out _).Should().BeFalse();
    }

    [Fact]
    public void Clearing_the_buffer_forgets_every_packet()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Clear();

        buffer.Count.Should().Be(0);
        buffer.TryGet(1, 0, out _).Should().BeFalse();
    }

    [Fact]
    public void Never_stored_numbers_are_not_found()
    {
        new RetransmissionBuffer().TryGet(42, 0, out _).Should().BeFalse();
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
        buffer.TryGet(299 - 59, 299 * 33, out _).Should().BeTrue();
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
            buffer.TryGet((ushort)(65_500 + i), 1200, out Span<byte> packet).Should().BeTrue();
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
        buffer.TryGet(199, 1000, out _).Should().BeTrue();
        buffer.TryGet(100, 1000, out _).Should().BeFalse();
    }

    [Fact]
    public void Small_slots_grow_to_hold_a_bigger_packet_and_keep_what_they_held()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 1500, InitialCapacity: 16, InitialSlotSize: 256));
        byte[] small = RtxTests.Media(1, [7, 7, 7], 0);
        byte[] large = RtxTests.Media(2, new byte[600], 0);
        buffer.Store(small, 0);

        buffer.Store(large, 10).Should().BeTrue();

        buffer.CurrentSlotSize.Should().Be(640, "the next multiple of 128 bytes that holds the 612-byte packet");
        buffer.TryGet(1, 20, out Span<byte> first).Should().BeTrue();
        first.ToArray().Should().Equal(small);
        buffer.TryGet(2, 20, out Span<byte> second).Should().BeTrue();
        second.ToArray().Should().Equal(large);
    }
}
