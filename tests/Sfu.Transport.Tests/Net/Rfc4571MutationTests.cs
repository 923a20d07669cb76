using Sfu.Transport.Net;
using Sfu.Transport.Tests.Stun;

namespace Sfu.Transport.Tests.Net;

/// <summary>
/// The committed ICE-TCP streams replayed in random chunkings, then 100,000 seeded mutations of them: the decoder
/// never throws, never yields more than 65535 bytes, and what it yields re-encodes to a stream that decodes the same.
/// </summary>
public class Rfc4571MutationTests
{
    private const int MutationCount = 100_000;

    private readonly IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Net/TestData");

    [Fact]
    public void Corpus_streams_decode_whole_in_any_chunking()
    {
        corpus.Should().HaveCountGreaterThanOrEqualTo(2);
        var random = new Random(4571);
        foreach ((string name, byte[] stream) in corpus)
        {
            List<byte[]> reference = Rfc4571FrameDecoderTests.Decode(new Rfc4571FrameDecoder(), stream);
            reference.Should().NotBeEmpty(name);
            Rfc4571FrameDecoderTests.Encode(reference).Should().Equal(stream, $"{name} is made of whole frames");
            for (int attempt = 0; attempt < 200; attempt++)
            {
                var decoder = new Rfc4571FrameDecoder();
                Rfc4571FrameDecoderTests.Decode(decoder, Chunk(stream, random)).Should().BeEquivalentTo(reference, o => o.WithStrictOrdering(), name);
                decoder.HasPartialFrame.Should().BeFalse();
            }
        }
    }

    [Fact]
    public void Mutated_streams_never_throw_and_what_decodes_round_trips()
    {
        var mutator = new Mutator(seed: 6544);
        var decoder = new Rfc4571FrameDecoder();
        int framesSeen = 0;
        for (int i = 0; i < MutationCount; i++)
        {
            byte[] stream = mutator.Mutate(corpus[i % corpus.Count].Bytes);
            try
            {
                // Plain checks in the loop: assertion-library calls per frame would cost seconds.
                decoder.Reset();
                List<byte[]> frames = DecodeFast(decoder, Chunk(stream, mutator.Random));
                int consumed = 0;
                foreach (byte[] frame in frames)
                {
                    if (frame.Length is < 1 or > Rfc4571Framer.MaxFrameLength)
                    {
                        throw new Xunit.Sdk.XunitException($"mutation {i}: frame of {frame.Length} bytes");
                    }

                    consumed += Rfc4571Framer.HeaderLength + frame.Length;
                }

                if (consumed > stream.Length)
                {
                    throw new Xunit.Sdk.XunitException($"mutation {i}: frames account for more bytes than the stream had");
                }

                framesSeen += frames.Count;
                if (!decoder.HasPartialFrame && frames.Count > 0 && i % 10 == 0)
                {
                    byte[] again = Rfc4571FrameDecoderTests.Encode(frames);
                    List<byte[]> decodedAgain = DecodeFast(new Rfc4571FrameDecoder(), Chunk(again, mutator.Random));
                    if (decodedAgain.Count != frames.Count || !decodedAgain.Zip(frames).All(p => p.First.AsSpan().SequenceEqual(p.Second)))
                    {
                        throw new Xunit.Sdk.XunitException($"mutation {i}: re-encoded frames decode differently");
                    }
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"mutation {i} threw on {Convert.ToHexString(stream)}", e);
            }
        }

        framesSeen.Should().BeGreaterThan(MutationCount);
    }

    private static List<byte[]> DecodeFast(Rfc4571FrameDecoder decoder, byte[][] chunks)
    {
        var frames = new List<byte[]>();
        foreach (byte[] chunk in chunks)
        {
            ReadOnlySpan<byte> input = chunk;
            while (decoder.TryReadFrame(ref input, out ReadOnlySpan<byte> frame))
            {
                frames.Add(frame.ToArray());
            }

            if (!input.IsEmpty)
            {
                throw new Xunit.Sdk.XunitException("the decoder stopped before the chunk was used up");
            }
        }

        return frames;
    }

    private static byte[][] Chunk(byte[] stream, Random random)
    {
        var chunks = new List<byte[]>();
        int offset = 0;
        while (offset < stream.Length)
        {
            int size = Math.Min(stream.Length - offset, 1 + random.Next(random.Next(2) == 0 ? 4 : 200));
            chunks.Add(stream[offset..(offset + size)]);
            offset += size;
        }

        return [.. chunks];
    }
}
