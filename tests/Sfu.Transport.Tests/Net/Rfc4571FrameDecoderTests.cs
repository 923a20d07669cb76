using Sfu.Transport.Net;
using Sfu.Transport.Tests.Stun;

namespace Sfu.Transport.Tests.Net;

/// <summary>RFC 4571 framing over TCP chunks of any size.</summary>
public class Rfc4571FrameDecoderTests
{
    private static readonly byte[][] Packets =
    [
        HexText.Parse("00 01 00 00  21 12 a4 42  00 01 02 03  04 05 06 07  08 09 0a 0b"),
        HexText.Parse("16 fe fd 00  00 00 00 00  00 00 00 00  03 01 02 03"),
        HexText.Parse("80 6f 12 34  00 00 03 c0  11 22 33 44  de ad be ef"),
        HexText.Parse("80 c9 00 01  11 22 33 44"),
    ];

    [Fact]
    public void Stream_split_at_every_offset_yields_the_same_frames()
    {
        byte[] stream = Encode(Packets);

        for (int cut = 0; cut <= stream.Length; cut++)
        {
            Decode(new Rfc4571FrameDecoder(), stream[..cut], stream[cut..]).Should().BeEquivalentTo(Packets, o => o.WithStrictOrdering(), $"cut at {cut}");
        }
    }

    [Fact]
    public void Stream_split_at_every_pair_of_offsets_yields_the_same_frames()
    {
        byte[] stream = Encode(Packets);

        for (int first = 0; first <= stream.Length; first++)
        {
            for (int second = first; second <= stream.Length; second++)
            {
                List<byte[]> frames = Decode(new Rfc4571FrameDecoder(), stream[..first], stream[first..second], stream[second..]);
                frames.Should().HaveCount(Packets.Length, $"cuts at {first} and {second}");
                for (int i = 0; i < Packets.Length; i++)
                {
                    frames[i].Should().Equal(Packets[i]);
                }
            }
        }
    }

    [Fact]
    public void Stream_fed_one_byte_at_a_time_yields_the_same_frames()
    {
        byte[] stream = Encode(Packets);
        var decoder = new Rfc4571FrameDecoder();

        byte[][] chunks = stream.Select(b => new[] { b }).ToArray();

        Decode(decoder, chunks).Should().BeEquivalentTo(Packets, o => o.WithStrictOrdering());
        decoder.HasPartialFrame.Should().BeFalse();
    }

    [Fact]
    public void Whole_frames_inside_a_chunk_are_handed_out_without_a_copy()
    {
        byte[] stream = Encode(Packets);
        var decoder = new Rfc4571FrameDecoder();
        ReadOnlySpan<byte> input = stream;
        int count = 0;

        while (decoder.TryReadFrame(ref input, out ReadOnlySpan<byte> frame))
        {
            frame.Overlaps(stream).Should().BeTrue();
            count++;
        }

        count.Should().Be(Packets.Length);
    }

    [Fact]
    public void Partial_frame_waits_for_the_next_chunk()
    {
        byte[] stream = Encode([Packets[0]]);
        var decoder = new Rfc4571FrameDecoder();
        ReadOnlySpan<byte> head = stream.AsSpan(0, 7);

        decoder.TryReadFrame(ref head, out _).Should().BeFalse();

        head.IsEmpty.Should().BeTrue("everything offered is consumed into the decoder");
        decoder.HasPartialFrame.Should().BeTrue();
        ReadOnlySpan<byte> tail = stream.AsSpan(7);
        decoder.TryReadFrame(ref tail, out ReadOnlySpan<byte> frame).Should().BeTrue();
        frame.ToArray().Should().Equal(Packets[0]);
        decoder.HasPartialFrame.Should().BeFalse();
    }

    [Fact]
    public void Zero_length_frames_are_skipped()
    {
        byte[] stream = [0x00, 0x00, .. Encode([Packets[3]]), 0x00, 0x00];

        for (int cut = 0; cut <= stream.Length; cut++)
        {
            Decode(new Rfc4571FrameDecoder(), stream[..cut], stream[cut..]).Should().BeEquivalentTo(new[] { Packets[3] }, $"cut at {cut}");
        }
    }

    [Fact]
    public void Largest_frame_of_65535_bytes_is_reassembled_across_chunks()
    {
        byte[] payload = Enumerable.Range(0, Rfc4571Framer.MaxFrameLength).Select(i => (byte)(i * 7)).ToArray();
        byte[] stream = Encode([payload, Packets[2]]);
        var chunks = new List<byte[]>();
        for (int offset = 0; offset < stream.Length; offset += 1460)
        {
            chunks.Add(stream[offset..Math.Min(stream.Length, offset + 1460)]);
        }

        List<byte[]> frames = Decode(new Rfc4571FrameDecoder(), [.. chunks]);

        frames.Should().HaveCount(2);
        frames[0].Should().Equal(payload);
        frames[1].Should().Equal(Packets[2]);
    }

    [Fact]
    public void Reset_forgets_a_partial_frame()
    {
        byte[] stream = Encode([Packets[0]]);
        var decoder = new Rfc4571FrameDecoder();
        ReadOnlySpan<byte> head = stream.AsSpan(0, 5);
        decoder.TryReadFrame(ref head, out _);

        decoder.Reset();

        decoder.HasPartialFrame.Should().BeFalse();
        Decode(decoder, Encode([Packets[1]])).Should().BeEquivalentTo(new[] { Packets[1] });
    }

    [Fact]
    public void Writer_prefixes_the_big_endian_length()
    {
        var buffer = new byte[16];

        Rfc4571Framer.TryWriteFrame([0xAA, 0xBB, 0xCC], buffer, out int written).Should().BeTrue();

        written.Should().Be(5);
        buffer[..5].Should().Equal(0x00, 0x03, 0xAA, 0xBB, 0xCC);
    }

    [Fact]
    public void Writer_refuses_oversized_payloads_and_short_buffers()
    {
        Rfc4571Framer.TryWriteFrame(new byte[Rfc4571Framer.MaxFrameLength + 1], new byte[70_000], out _).Should().BeFalse();
        Rfc4571Framer.TryWriteFrame(new byte[10], new byte[11], out int written).Should().BeFalse();
        written.Should().Be(0);
        Rfc4571Framer.TryWriteHeader(65536, new byte[2]).Should().BeFalse();
        Rfc4571Framer.TryWriteHeader(10, new byte[1]).Should().BeFalse();
    }

    [Fact]
    public void Header_written_in_place_frames_a_payload_built_after_it()
    {
        var buffer = new byte[2 + Packets[1].Length];
        Packets[1].CopyTo(buffer, 2);

        Rfc4571Framer.TryWriteHeader(Packets[1].Length, buffer).Should().BeTrue();

        Decode(new Rfc4571FrameDecoder(), buffer).Should().BeEquivalentTo(new[] { Packets[1] });
    }

    internal static byte[] Encode(IEnumerable<byte[]> packets)
    {
        var stream = new List<byte>();
        var frame = new byte[Rfc4571Framer.HeaderLength + Rfc4571Framer.MaxFrameLength];
        foreach (byte[] packet in packets)
        {
            Rfc4571Framer.TryWriteFrame(packet, frame, out int written).Should().BeTrue();
            stream.AddRange(frame.AsSpan(0, written).ToArray());
        }

        return [.. stream];
    }

    internal static List<byte[]> Decode(Rfc4571FrameDecoder decoder, params byte[][] chunks)
    {
        var frames = new List<byte[]>();
        foreach (byte[] chunk in chunks)
        {
            ReadOnlySpan<byte> input = chunk;
            while (decoder.TryReadFrame(ref input, out ReadOnlySpan<byte> frame))
            {
                frames.Add(frame.ToArray());
            }

            input.IsEmpty.Should().BeTrue("a call returns false only once the chunk is used up");
        }

        return frames;
    }
}
