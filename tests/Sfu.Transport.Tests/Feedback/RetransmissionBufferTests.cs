using Sfu.Transport.Feedback;
using Sfu.Transport.Net;
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

        buffer.TryGet(65535, 10, out byte[] last).Should().BeTrue();
        buffer.TryGet(0, 10, out byte[] first).Should().BeTrue();
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
            buffer.TryGet((ushort)(65_500 + i), 1200, out byte[] packet).Should().BeTrue();
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
    public void The_ring_takes_a_chunk_at_a_time_as_young_packets_fill_it_and_keeps_what_it_held()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 1500, InitialCapacity: 16, ChunkSize: 2048));
        buffer.CurrentRingBytes.Should().Be(0, "nothing is allocated for the bytes before the first packet");
        byte[] small = RtxTests.Media(1, [7, 7, 7], 0);
        byte[][] large = [.. Enumerable.Range(0, 10).Select(i => RtxTests.Media((ushort)(2 + i), Enumerable.Repeat((byte)i, 600).ToArray(), 0))];
        buffer.Store(small, 0);
        buffer.ChunkCount.Should().Be(1);
        foreach (byte[] packet in large)
        {
            buffer.Store(packet, 10).Should().BeTrue();
        }

        // 23 + 10 × 620 = 6,223 bytes back to back (20 bytes of header and extension each): four chunks of 2,048,
        // packets running on from one to the next.
        buffer.ChunkCount.Should().Be(4, "nothing young was overwritten and no chunk's end was left empty");
        buffer.TryGet(1, 20, out byte[] first).Should().BeTrue();
        first.ToArray().Should().Equal(small);
        for (int i = 0; i < 10; i++)
        {
            buffer.TryGet((ushort)(2 + i), 20, out byte[] packet).Should().BeTrue();
            packet.ToArray().Should().Equal(large[i], "each packet kept its own bytes");
        }
    }

    [Fact]
    public void A_stream_s_ring_settles_near_the_bytes_it_sends_in_the_maximum_age_not_at_slots_of_the_largest_size()
    {
        // 120 packets a second, three of 1,100 payload bytes and one of 250 in each frame (30 frames/s), for 10 s.
        var pool = new ChunkPool(maxPooledBytes: 1 << 20);
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video, pool);
        long bytesIn2Seconds = 0;
        long allocatedAfter5Seconds = 0;
        ushort sequence = 0;
        for (int frame = 0; frame < 300; frame++)
        {
            allocatedAfter5Seconds = frame == 150 ? pool.Allocated : allocatedAfter5Seconds;
            for (int packet = 0; packet < 4; packet++)
            {
                byte[] media = RtxTests.Media(sequence++, new byte[packet < 3 ? 1100 : 250], 0);
                buffer.Store(media, frame * 33).Should().BeTrue();
                if (frame >= 240)
                {
                    bytesIn2Seconds += media.Length;
                }
            }
        }

        int chunk = RetransmissionBufferSettings.Video.ChunkSize;
        buffer.CurrentRingBytes.Should().BeInRange((int)bytesIn2Seconds, (int)bytesIn2Seconds + 3 * chunk,
            "2 s of the stream, the chunk being written, the one about to be written over and one to spare; 512 slots of the largest packet would be three times that");
        buffer.TryGet((ushort)(sequence - 230), 299 * 33, out _).Should().BeTrue("a packet under 2 s old is still there");
        pool.Allocated.Should().Be(allocatedAfter5Seconds, "once settled, a steady stream's ring takes back what it gave the pool");
    }

    [Fact]
    public void A_stream_that_slows_down_gives_its_surplus_chunks_back_to_the_pool()
    {
        var pool = new ChunkPool(maxPooledBytes: 1 << 20);
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video, pool);
        ushort sequence = 0;
        long nowMs = 0;
        void Send(int seconds, int packetsPerSecond)
        {
            for (int i = 0; i < seconds * packetsPerSecond; i++)
            {
                nowMs += 1000 / packetsPerSecond;
                buffer.Store(RtxTests.Media(sequence++, new byte[1100], 0), nowMs).Should().BeTrue();
            }
        }

        Send(seconds: 5, packetsPerSecond: 200);
        int fastChunks = buffer.ChunkCount;
        pool.PooledBytes.Should().Be(0);

        Send(seconds: 10, packetsPerSecond: 25);

        buffer.ChunkCount.Should().BeLessThan(fastChunks / 4, "a stream at an eighth of the rate needs an eighth of the bytes");
        pool.PooledBytes.Should().Be((long)(fastChunks - buffer.ChunkCount) * RetransmissionBufferSettings.Video.ChunkSize,
            "every chunk given back waits in the pool");
        buffer.TryGet((ushort)(sequence - 40), nowMs, out _).Should().BeTrue("shrinking gave back only packets past the maximum age");
        var next = new RetransmissionBuffer(RetransmissionBufferSettings.Video, pool);
        long allocated = pool.Allocated;
        next.Store(RtxTests.Media(1, new byte[1100], 0), nowMs);
        pool.Allocated.Should().Be(allocated, "the next ring to grow takes a chunk from the pool");
    }

    [Fact]
    public void A_full_ring_overwrites_its_oldest_chunk_and_never_hands_out_what_began_there()
    {
        // Four slots of at most 1,000 bytes and chunks of 2,000 bytes: at most two chunks. The 920-byte packets run
        // on from chunk to chunk: 0 and 1 in the first, 2 across both, 3 in the second. Packet 5 starts at the second's
        // end and goes on over the first (young as its packets are): 0, 1 and 2 began there.
        byte[][] packets = [.. new ushort[] { 0, 1, 2, 3, 5 }.Select(n => RtxTests.Media(n, Enumerable.Repeat((byte)n, 900).ToArray(), 0))];
        packets[0].Length.Should().BeInRange(801, 999, "two fit in a chunk with room to spare, the fifth does not fit in two chunks");
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 4, SlotSize: 1000, MaxAgeMs: 2000, InitialCapacity: 4, ChunkSize: 2000));
        foreach (byte[] packet in packets)
        {
            buffer.Store(packet, 1000).Should().BeTrue();
        }

        buffer.ChunkCount.Should().Be(2, "the ring is at its most: capacity × slot size, in chunks");
        buffer.TryGet(0, 1000, out _).Should().BeFalse("its chunk was written over by packet 5");
        buffer.TryGet(1, 1000, out _).Should().BeFalse("its slot went to packet 5");
        buffer.TryGet(2, 1000, out _).Should().BeFalse("it began in the chunk written over, though its end is intact");
        foreach (ushort kept in new ushort[] { 3, 5 })
        {
            buffer.TryGet(kept, 1000, out byte[] packet).Should().BeTrue();
            packet.Should().Equal(packets[kept == 5 ? 4 : kept], "the packet is whole, across the chunks' boundary for 5");
        }
    }

    [Fact]
    public void A_buffer_nothing_was_stored_in_for_the_maximum_age_gives_back_all_its_chunks()
    {
        var pool = new ChunkPool(maxPooledBytes: 1 << 20);
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video, pool);
        for (int i = 0; i < 400; i++)
        {
            buffer.Store(RtxTests.Media((ushort)i, new byte[1100], 0), 1000 + i * 5);
        }

        int chunks = buffer.ChunkCount;
        buffer.CurrentCapacity.Should().BeGreaterThan(32);
        buffer.ReleaseIfIdle(1000 + 399 * 5 + 2000).Should().BeFalse("the newest packet is exactly the maximum age old");

        buffer.ReleaseIfIdle(1000 + 399 * 5 + 2001).Should().BeTrue();

        buffer.CurrentCapacity.Should().Be(32);
        buffer.CurrentRingBytes.Should().Be(0);
        pool.PooledBytes.Should().Be((long)chunks * RetransmissionBufferSettings.Video.ChunkSize);
        buffer.Count.Should().Be(0);
        buffer.TryGet(399, 1000 + 399 * 5 + 2001, out _).Should().BeFalse();
        buffer.ReleaseIfIdle(9000).Should().BeFalse("there is nothing left to give back");
        buffer.Store(RtxTests.Media(400, [4], 0), 5000).Should().BeTrue();
        buffer.TryGet(400, 5000, out _).Should().BeTrue();
    }

    [Fact]
    public void A_packet_whose_chunk_was_given_back_and_taken_again_is_not_handed_out()
    {
        var pool = new ChunkPool(maxPooledBytes: 1 << 20);
        var settings = new RetransmissionBufferSettings(SlotSize: 1500, MaxAgeMs: 2000, ChunkSize: 2048);
        var buffer = new RetransmissionBuffer(settings, pool);
        buffer.Store(RtxTests.Media(7, [7], 0), 0);

        buffer.Release();
        buffer.Store(RtxTests.Media(8, [8], 0), 10);

        buffer.ChunkCount.Should().Be(1, "the buffer took its chunk again for packet 8");
        buffer.TryGet(7, 10, out _).Should().BeFalse("packet 7's pass over that chunk is over");
        buffer.TryGet(8, 10, out byte[] eight).Should().BeTrue();
        eight[^1].Should().Be(8);
    }

    [Fact]
    public void Once_the_ring_has_settled_storing_and_reading_packets_allocates_nothing()
    {
        var buffer = new RetransmissionBuffer(RetransmissionBufferSettings.Video, new ChunkPool(maxPooledBytes: 1 << 20));
        byte[][] packets = [.. Enumerable.Range(0, 4).Select(i => RtxTests.Media((ushort)i, new byte[i < 3 ? 1100 : 250], 0))];
        byte[] copy = new byte[1500];
        ushort sequence = 0;
        void Frame(int frame)
        {
            foreach (byte[] packet in packets)
            {
                packet[2] = (byte)(sequence >> 8);
                packet[3] = (byte)sequence;
                buffer.Store(packet, frame * 33L);
                buffer.TryCopy((ushort)(sequence - 100), frame * 33L, copy, out _);
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

    [Fact]
    public void Chunks_must_hold_the_largest_packet()
    {
        var tooSmall = () => new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 1500, ChunkSize: 1024));
        tooSmall.Should().Throw<ArgumentOutOfRangeException>();
    }
}
