using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

/// <summary>
/// Seeded mutations of the payload header corpus: no parser may throw, and what they accept must round-trip —
/// VP8 through the descriptor writer, VP8/VP9 through an in-place rewrite of the picture numbering, H264 through
/// a second identical reading.
/// </summary>
public class CodecMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 7741;

    [Fact]
    public void Mutated_payload_headers_never_throw_and_accepted_ones_round_trip()
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = CodecCorpus.Load();
        var mutator = new PacketMutator(Seed);
        byte[] buffer = new byte[256];
        byte[] rewritten = new byte[512];
        int accepted = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            (string name, byte[] sample) = corpus[iteration % corpus.Count];
            int length = mutator.Mutate(sample, buffer);
            Span<byte> payload = buffer.AsSpan(0, length);
            try
            {
                // Every codec reads every sample: garbage for one codec is another codec's mutation.
                PayloadCodec codec = (PayloadCodec)(iteration % 4);
                if (CodecPayloads.TryReadFrameInfo(codec, payload, out _))
                {
                    accepted++;
                }

                string? failure = CodecCorpus.CodecOf(name) switch
                {
                    PayloadCodec.Vp8 => CheckVp8(payload, rewritten),
                    PayloadCodec.Vp9 => CheckVp9(payload),
                    _ => CheckH264(payload),
                };
                if (failure is not null)
                {
                    Assert.Fail($"Iteration {iteration} ({name}) on {Hex.Format(payload)}: {failure}");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} ({name}) threw on {Hex.Format(payload)}: {exception}");
            }
        }

        accepted.Should().BeGreaterThan(Mutations / 10, "mutations must also reach the code behind the first checks");
    }

    private static string? CheckVp8(Span<byte> payload, byte[] rewritten)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return null;
        }

        string description = CodecCorpus.Describe(descriptor);
        int length = CodecCorpus.Rewrite(descriptor, rewritten);
        if (!Vp8PayloadDescriptor.TryParse(rewritten.AsSpan(0, length), out Vp8PayloadDescriptor reparsed))
        {
            return "the re-encoded descriptor does not parse";
        }

        string again = CodecCorpus.Describe(reparsed);
        if (again != description)
        {
            return $"{description} became {again}";
        }

        int pictureId = descriptor.PictureId;
        int tl0 = descriptor.Tl0PicIdx;
        descriptor.TrySetPictureId(pictureId + 1);
        descriptor.TrySetTl0PicIdx(tl0 + 1);
        int mask = descriptor.HasLongPictureId ? 0x7FFF : 0x7F;
        if (descriptor.HasPictureId && descriptor.PictureId != ((pictureId + 1) & mask))
        {
            return $"picture id {pictureId} rewritten as {descriptor.PictureId}";
        }

        if (descriptor.HasTl0PicIdx && descriptor.Tl0PicIdx != ((tl0 + 1) & 0xFF))
        {
            return $"TL0PICIDX {tl0} rewritten as {descriptor.Tl0PicIdx}";
        }

        return null;
    }

    private static string? CheckVp9(Span<byte> payload)
    {
        if (!Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor))
        {
            return null;
        }

        string description = CodecCorpus.Describe(descriptor);
        descriptor.TrySetPictureId(descriptor.PictureId);
        descriptor.TrySetTl0PicIdx(descriptor.Tl0PicIdx);
        if (!Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor reparsed))
        {
            return "rewriting the same picture numbering broke the descriptor";
        }

        string again = CodecCorpus.Describe(reparsed);
        return again == description ? null : $"{description} became {again}";
    }

    private static string? CheckH264(Span<byte> payload)
    {
        bool first = H264Payload.TryReadNalUnits(payload, out H264NalUnits units);
        bool second = H264Payload.TryReadNalUnits(payload, out H264NalUnits again);
        if (first != second || units != again)
        {
            return "two readings disagree";
        }

        bool keyFrame = H264Payload.IsKeyFrame(payload);
        return keyFrame == (first && (units & H264NalUnits.SequenceParameterSet) != 0) ? null : "key frame flag disagrees with the NAL units";
    }
}
