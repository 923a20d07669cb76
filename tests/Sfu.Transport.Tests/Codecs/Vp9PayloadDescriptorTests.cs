using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

/// <summary>RFC 9628 §4.2 descriptors (the VP9 payload format, formerly draft-ietf-payload-vp9).</summary>
public class Vp9PayloadDescriptorTests
{
    [Fact]
    public void Non_flexible_key_frame_with_layer_indices_and_scalability_structure()
    {
        byte[] payload = Hex.Parse("""
            aa         // |1|0|1|0|1|0|1|0| I=1 P=0 L=1 F=0 B=1 E=0 V=1 Z=0
            80 2a      // M=1, PictureID=42
            00         // TID=0 U=0 SID=0 D=0
            05         // TL0PICIDX=5
            18         // SS: N_S=0 (one layer), Y=1, G=1
            02 80      // width 640
            01 68      // height 360
            01         // N_G=1
            04 10      // TID=0 U=0 R=1, P_DIFF=16
            82 49 83   // VP9 data
            """);

        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(13);
        descriptor.PictureId.Should().Be(42);
        descriptor.HasLongPictureId.Should().BeTrue();
        descriptor.Tl0PicIdx.Should().Be(5);
        descriptor.SpatialLayerId.Should().Be(0);
        descriptor.ScalabilitySpatialLayerCount.Should().Be(1);
        descriptor.IsKeyFrame.Should().BeTrue();
    }

    [Fact]
    public void Flexible_inter_frame_reads_reference_indices_and_is_not_a_key_frame()
    {
        byte[] payload = Hex.Parse("""
            f8         // |1|1|1|1|1|0|0|0| I=1 P=1 L=1 F=1 B=1
            17         // M=0, PictureID=23
            43         // TID=2 U=0 SID=1 D=1
            03 04      // P_DIFF=1 N=1, P_DIFF=2 N=0
            00         // VP9 data
            """);

        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(5);
        descriptor.IsFlexibleMode.Should().BeTrue();
        descriptor.HasTl0PicIdx.Should().BeFalse("flexible mode carries no TL0PICIDX");
        descriptor.TemporalLayerId.Should().Be(2);
        descriptor.SpatialLayerId.Should().Be(1);
        descriptor.IsInterLayerDependent.Should().BeTrue();
        descriptor.IsKeyFrame.Should().BeFalse();
    }

    [Fact]
    public void Upper_spatial_layer_of_a_key_picture_is_not_a_key_frame()
    {
        // P=0 B=1 but SID=1: a decoder cannot start there.
        byte[] payload = Hex.Parse("a8 2a 02 05 00");

        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.SpatialLayerId.Should().Be(1);
        descriptor.IsKeyFrame.Should().BeFalse();
    }

    [Fact]
    public void Picture_id_and_tl0picidx_are_rewritten_in_place()
    {
        byte[] payload = Hex.Parse("a8 80 2a 00 05 00");
        Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TrySetPictureId(0x1234).Should().BeTrue();
        descriptor.TrySetTl0PicIdx(6).Should().BeTrue();

        Hex.Format(payload).Should().Be("a892340006" + "00");
    }

    [Theory]
    [InlineData("")]
    [InlineData("08")]                   // no VP9 data
    [InlineData("d0 01 03 03 03 03 00")] // four reference indices: at most three are allowed
    [InlineData("82 00")]                // V=1 with the SS header as the last byte: no data left
    [InlineData("8a 01 18 02")]          // SS announces sizes that are not there
    public void Malformed_descriptors_are_refused(string hex)
    {
        Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out _).Should().BeFalse();
    }
}
