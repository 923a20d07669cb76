using Sfu.Transport.Codecs;

namespace Sfu.Transport.Tests.Codecs;

public class CodecCorpusTests
{
    public static TheoryData<string> Samples()
    {
        var names = new TheoryData<string>();
        foreach ((string name, _) in CodecCorpus.Load())
        {
            names.Add(name);
        }

        return names;
    }

    private static byte[] Sample(string name) => CodecCorpus.Load().Single(sample => sample.Name == name).Bytes;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Corpus_payload_parses_for_its_codec(string name)
    {
        CodecPayloads.TryReadFrameInfo(CodecCorpus.CodecOf(name), Sample(name), out _).Should().BeTrue();
    }

    [Fact]
    public void Chrome_vp8_key_frame_is_a_layer_sync_base_layer_key_frame_of_640x360()
    {
        byte[] payload = Sample("vp8-keyframe-640x360.hex");
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.PictureId.Should().Be(0x1b41);
        descriptor.Tl0PicIdx.Should().Be(0x2c);
        descriptor.TemporalLayerId.Should().Be(0);
        descriptor.IsLayerSync.Should().BeTrue();
        descriptor.IsKeyFrame.Should().BeTrue();
        descriptor.TryGetKeyFrameSize(out int width, out int height).Should().BeTrue();
        (width, height).Should().Be((640, 360));
    }

    [Fact]
    public void Vp9_scalability_structure_announces_three_spatial_layers()
    {
        Vp9PayloadDescriptor.TryParse(Sample("vp9-nonflexible-keyframe-ss.hex"), out Vp9PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.ScalabilitySpatialLayerCount.Should().Be(3);
        descriptor.IsKeyFrame.Should().BeTrue();
    }

    [Theory]
    [InlineData("h264-stap-a-sps-pps-idr.hex", true)]
    [InlineData("h264-stap-b.hex", true)]
    [InlineData("h264-fu-a-idr-start.hex", false)]
    [InlineData("h264-fu-a-middle.hex", false)]
    [InlineData("h264-single-slice.hex", false)]
    public void H264_corpus_key_frames_are_the_packets_with_an_sps(string name, bool isKeyFrame)
    {
        CodecPayloads.TryReadFrameInfo(PayloadCodec.H264, Sample(name), out CodecFrameInfo info).Should().BeTrue();

        info.IsKeyFrame.Should().Be(isKeyFrame);
    }
}
