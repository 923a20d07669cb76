using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtcp.Support;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpTransportFeedbackBuilderTests
{
    private const long Base = 640_000; // 10 × 64 ms

    private static List<ushort> ChunksOf(byte[] packet, int length)
    {
        RtcpTransportFeedback.TryParse(packet.AsSpan(0, length), out RtcpTransportFeedback feedback).Should().BeTrue();
        int statuses = feedback.PacketStatusCount;
        var chunks = new List<ushort>();
        int offset = RtcpTransportFeedback.FixedLength;
        while (statuses > 0)
        {
            var chunk = (ushort)((packet[offset] << 8) | packet[offset + 1]);
            chunks.Add(chunk);
            statuses -= Math.Min(statuses, (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7);
            offset += 2;
        }

        return chunks;
    }

    [Fact]
    public void Three_packets_in_a_row_make_one_run_length_chunk()
    {
        byte[] buffer = new byte[64];

        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 5,
            [new(1, Base), new(2, Base + 1000), new(3, Base + 2000)], out int length, out int consumed).Should().BeTrue();

        consumed.Should().Be(3);
        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(Hex.Parse("""
            af cd 00 06   // V=2 P=1 FMT=15 PT=RTPFB=205 length=6
            00 00 00 01   // SSRC of packet sender
            00 00 00 02   // SSRC of media source
            00 01 00 03   // base sequence number 1 | packet status count 3
            00 00 0a 05   // reference time 10 | fb pkt. count 5
            20 03         // run length chunk: S=01 (small delta) run length 3
            00 04 04      // recv deltas 0, 1 ms, 1 ms
            00 00 03      // padding, count 3
            """)));
    }

    [Fact]
    public void Scattered_losses_with_small_deltas_use_one_bit_vectors()
    {
        var arrivals = new List<TransportFeedbackArrival>();
        for (int i = 0; i < 28; i++)
        {
            if (i % 3 != 1)
            {
                arrivals.Add(new TransportFeedbackArrival((ushort)(500 + i), Base + 1000 * i));
            }
        }

        byte[] buffer = new byte[200];
        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 0, arrivals.ToArray(), out int length, out int consumed).Should().BeTrue();

        consumed.Should().Be(arrivals.Count);
        ChunksOf(buffer, length).Should().OnlyContain(chunk => (chunk & 0xC000) == 0x8000, "every chunk is a one-bit status vector");
        TransportFeedbackDescription.SameArrivals(arrivals, TransportFeedbackDescription.BuildAndRead(arrivals, 200, 1, 2, 0, out _)).Should().BeTrue();
    }

    [Fact]
    public void Large_and_negative_deltas_use_two_bit_vectors()
    {
        TransportFeedbackArrival[] arrivals =
        [
            new(10, Base), new(11, Base + 100_000), new(12, Base + 99_000), new(13, Base + 99_500),
            new(15, Base + 400_000), new(16, Base + 400_250),
        ];
        byte[] buffer = new byte[64];

        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 0, arrivals, out int length, out _).Should().BeTrue();

        // Symbols 1 2 2 1 0 2 1: seven statuses with large deltas fit one two-bit vector.
        ChunksOf(buffer, length).Should().Equal(0xDA49);
    }

    [Fact]
    public void A_long_gap_is_one_run_of_losses()
    {
        TransportFeedbackArrival[] arrivals = [new(10, Base), new(5000, Base + 20_000), new(5001, Base + 21_000)];
        byte[] buffer = new byte[64];

        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 0, arrivals, out int length, out int consumed).Should().BeTrue();

        consumed.Should().Be(3);
        RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback).Should().BeTrue();
        feedback.PacketStatusCount.Should().Be(4992);
        feedback.ReceivedCount.Should().Be(3);
        // The received packet and the first 13 losses fill a one-bit vector, a run carries the other 4976 losses.
        ChunksOf(buffer, length).Should().Equal(0xA000, 0x1370, 0x2002);
    }

    [Fact]
    public void A_mix_of_runs_vectors_large_deltas_and_gaps_round_trips()
    {
        var random = new Random(15);
        var arrivals = new List<TransportFeedbackArrival>();
        ushort sequence = 65_000; // crosses the 16-bit wrap
        long time = 123_456_750;
        for (int i = 0; i < 2000; i++)
        {
            // Whole 250 µs ticks, so that the times come back exactly.
            sequence += (ushort)(random.Next(10) == 0 ? random.Next(2, 40) : 1);
            time += 250 * (random.Next(20) == 0 ? random.Next(-80, 1200) : random.Next(0, 12));
            arrivals.Add(new TransportFeedbackArrival(sequence, time));
        }

        List<TransportFeedbackArrival> readBack = TransportFeedbackDescription.BuildAndRead(arrivals, 1200, 7, 8, 9, out int packets);

        readBack.Select(arrival => arrival.SequenceNumber).Should().Equal(arrivals.Select(arrival => arrival.SequenceNumber));
        readBack.Select(arrival => arrival.ArrivalTimeMicroseconds).Should().Equal(arrivals.Select(arrival => arrival.ArrivalTimeMicroseconds));
        TransportFeedbackDescription.SameArrivals(arrivals, readBack).Should().BeTrue();
        packets.Should().BeGreaterThan(1, "2000 arrivals do not fit one 1200-byte packet");
    }

    [Fact]
    public void Arrival_times_are_rounded_to_the_nearest_tick_without_drift()
    {
        var arrivals = new List<TransportFeedbackArrival>();
        for (int i = 0; i < 500; i++)
        {
            arrivals.Add(new TransportFeedbackArrival((ushort)i, Base + 1 + 333 * i));
        }

        List<TransportFeedbackArrival> readBack = TransportFeedbackDescription.BuildAndRead(arrivals, 1200, 1, 2, 0, out _);

        readBack.Should().HaveCount(arrivals.Count);
        for (int i = 0; i < arrivals.Count; i++)
        {
            Math.Abs(readBack[i].ArrivalTimeMicroseconds - arrivals[i].ArrivalTimeMicroseconds).Should().BeLessThanOrEqualTo(125);
        }
    }

    [Fact]
    public void Splitting_keeps_each_packet_within_the_destination()
    {
        var arrivals = new List<TransportFeedbackArrival>();
        for (int i = 0; i < 300; i++)
        {
            arrivals.Add(new TransportFeedbackArrival((ushort)(2 * i), Base + 300_000L * (i % 2)));
        }

        TransportFeedbackArrival[] input = [.. arrivals];
        byte[] buffer = new byte[100];
        int offset = 0;
        int packets = 0;
        while (offset < input.Length)
        {
            RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, (byte)packets, input.AsSpan(offset), out int length, out int consumed).Should().BeTrue();
            length.Should().BeLessThanOrEqualTo(100);
            consumed.Should().BePositive();
            offset += consumed;
            packets++;
        }

        packets.Should().BeGreaterThan(5);
        TransportFeedbackDescription.SameArrivals(arrivals, TransportFeedbackDescription.BuildAndRead(arrivals, 100, 1, 2, 0, out _)).Should().BeTrue();
    }

    [Fact]
    public void A_delta_beyond_16_bits_of_ticks_ends_the_packet()
    {
        TransportFeedbackArrival[] arrivals = [new(1, Base), new(2, Base + 1000), new(3, Base + 9_000_000)];
        byte[] buffer = new byte[64];

        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 0, arrivals, out _, out int consumed).Should().BeTrue();

        consumed.Should().Be(2);
    }

    [Fact]
    public void A_sequence_number_that_does_not_move_forward_ends_the_packet()
    {
        TransportFeedbackArrival[] arrivals = [new(100, Base), new(101, Base), new(101, Base), new(50, Base)];
        byte[] buffer = new byte[64];

        RtcpTransportFeedbackBuilder.TryWrite(buffer, 1, 2, 0, arrivals, out _, out int consumed).Should().BeTrue();

        consumed.Should().Be(2);
    }

    [Fact]
    public void Nothing_to_report_or_no_room_is_refused()
    {
        RtcpTransportFeedbackBuilder.TryWrite(new byte[64], 1, 2, 0, [], out _, out _).Should().BeFalse();
        RtcpTransportFeedbackBuilder.TryWrite(new byte[23], 1, 2, 0, [new(1, Base)], out _, out _).Should().BeFalse();
        RtcpTransportFeedbackBuilder.TryWrite(new byte[24], 1, 2, 0, [new(1, Base), new(2, Base), new(3, Base)], out int length, out int consumed)
            .Should().BeTrue();
        length.Should().Be(24);
        consumed.Should().Be(2, "a third delta byte needs a second word");
    }
}
