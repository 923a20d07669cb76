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
    public void The_ring_grows_to_hold_bigger_packets_and_keeps_what_it_held()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 1500, InitialCapacity: 16, InitialSlotSize: 256));
        buffer.CurrentRingBytes.Should().Be(4096, "16 slots of 256 bytes");
        byte[] small = RtxTests.Media(1, [7, 7, 7], 0);
        byte[][] large = [.. Enumerable.Range(0, 10).Select(i => RtxTests.Media((ushort)(2 + i), Enumerable.Repeat((byte)i, 600).ToArray(), 0))];
        buffer.Store(small, 0);
        foreach (byte[] packet in large)
        {
            buffer.Store(packet, 10).Should().BeTrue();
        }

        buffer.CurrentRingBytes.Should().BeGreaterThanOrEqualTo(small.Length + large.Sum(p => p.Length), "nothing young was overwritten");
        buffer.TryGet(1, 20, out Span<byte> first).Should().BeTrue();
        first.ToArray().Should().Equal(small);
        for (int i = 0; i < 10; i++)
        {
            buffer.TryGet((ushort)(2 + i), 20, out Span<byte> packet).Should().BeTrue();
            packet.ToArray().Should().Equal(large[i], "each packet kept its own bytes through the growths");
        }
    }

    [Fact]
    public void A_stream_s_ring_settles_near_the_bytes_it_sends_in_the_maximum_age_not_at_slots_of_the_largest_size()
    {
        // 120 packets a second, three of 1,100 payload bytes and one of 250 in each frame (30 frames/s), for 10 s.
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video);
        long bytesIn2Seconds = 0;
        ushort sequence = 0;
        int growths = 0;
        for (int frame = 0; frame < 300; frame++)
        {
            for (int packet = 0; packet < 4; packet++)
            {
                byte[] media = RtxTests.Media(sequence++, new byte[packet < 3 ? 1100 : 250], 0);
                int before = buffer.CurrentRingBytes;
                buffer.Store(media, frame * 33).Should().BeTrue();
                growths += buffer.CurrentRingBytes != before ? 1 : 0;
                if (frame >= 240)
                {
                    bytesIn2Seconds += media.Length;
                }
            }
        }

        buffer.CurrentRingBytes.Should().BeInRange((int)bytesIn2Seconds, (int)(bytesIn2Seconds * 1.5),
            "a tenth to spare over 2 s of the stream, where 512 slots of the largest packet would be twice that");
        buffer.TryGet((ushort)(sequence - 230), 299 * 33, out _).Should().BeTrue("a packet under 2 s old is still there");
        growths.Should().BeLessThanOrEqualTo(5, "each growth aims at the stream's rate over 2 s, not a quarter more than before");
    }

    [Fact]
    public void A_full_ring_overwrites_its_oldest_bytes_and_never_hands_them_out_under_a_number_still_indexed()
    {
        // Four slots of at most 1,000 bytes: a ring of 4 kB, full after four 920-byte packets. Packet 5 takes the
        // slot of 1 (5 mod 4) but its bytes go where packet 0's were, whose slot still says 0.
        byte[][] packets = [.. new ushort[] { 0, 1, 2, 3, 5 }.Select(n => RtxTests.Media(n, Enumerable.Repeat((byte)n, 900).ToArray(), 0))];
        packets[0].Length.Should().BeInRange(820, 1000, "four fit in 4 kB, five do not");
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 4, SlotSize: 1000, MaxAgeMs: 2000, InitialCapacity: 4, InitialSlotSize: 1000));
        foreach (byte[] packet in packets)
        {
            buffer.Store(packet, 1000).Should().BeTrue();
        }

        buffer.CurrentRingBytes.Should().Be(4096, "the ring is at its most: capacity × slot size, rounded to kilobytes");
        buffer.TryGet(0, 1000, out _).Should().BeFalse("its bytes were overwritten by packet 5");
        buffer.TryGet(1, 1000, out _).Should().BeFalse("its slot went to packet 5");
        foreach (ushort kept in new ushort[] { 2, 3, 5 })
        {
            buffer.TryGet(kept, 1000, out Span<byte> packet).Should().BeTrue();
            packet[^1].Should().Be((byte)kept);
        }
    }

    [Fact]
    public void A_buffer_nothing_was_stored_in_for_the_maximum_age_goes_back_to_its_initial_size()
    {
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video);
        int initialRing = buffer.CurrentRingBytes;
        for (int i = 0; i < 400; i++)
        {
            buffer.Store(RtxTests.Media((ushort)i, new byte[1100], 0), 1000 + i * 5);
        }

        buffer.CurrentCapacity.Should().BeGreaterThan(32);
        buffer.ReleaseIfIdle(1000 + 399 * 5 + 2000).Should().BeFalse("the newest packet is exactly the maximum age old");

        buffer.ReleaseIfIdle(1000 + 399 * 5 + 2001).Should().BeTrue();

        buffer.CurrentCapacity.Should().Be(32);
        buffer.CurrentRingBytes.Should().Be(initialRing);
        buffer.Count.Should().Be(0);
        buffer.TryGet(399, 1000 + 399 * 5 + 2001, out _).Should().BeFalse();
        buffer.Store(RtxTests.Media(400, [4], 0), 5000).Should().BeTrue();
        buffer.TryGet(400, 5000, out _).Should().BeTrue();
    }
    [Fact]
    public void Once_the_ring_has_settled_storing_and_reading_packets_allocates_nothing()
    {
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video);
        byte[][] packets = [.. Enumerable.Range(0, 4).Select(i => RtxTests.Media((ushort)i, new byte[i < 3 ? 1100 : 250], 0))];
        ushort sequence = 0;
        void Frame(int frame)
        {
            foreach (byte[] packet in packets)
            {
                packet[2] = (byte)(sequence >> 8);
                packet[3] = (byte)sequence;
                buffer.Store(packet, frame * 33L);
                buffer.TryGet((ushort)(sequence - 100), frame * 33L, out _);
                sequence++;
            }
        }

        for (int frame = 0; frame < 300; frame++)
        {
            Frame(frame);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 300; frame < 600; frame++)
        {
            Frame(frame);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
