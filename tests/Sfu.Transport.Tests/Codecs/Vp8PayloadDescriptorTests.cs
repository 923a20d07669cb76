using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

public class Vp8PayloadDescriptorTests
{
    [Fact]
    public void Key_frame_header_gives_the_picture_size()
    {
        byte[] payload = Hex.Parse("""
            90 80 05               // X=1 S=1 PID=0; I=1; PictureID=5
            50 2d 00               // frame tag: P=0 (key frame), show_frame=1, first partition size
            9d 01 2a               // start code (RFC 6386 §9.1)
            80 02                  // width 640, no scaling (little endian, 14 bits)
            68 41                  // height 360 with vertical scale 1 in the top two bits
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TryGetKeyFrameSize(out int width, out int height).Should().BeTrue();
        width.Should().Be(640);
        height.Should().Be(360);
    }

    [Fact]
    public void Key_frame_without_start_code_has_no_size()
    {
        byte[] payload = Hex.Parse("10 50 2d 00 00 00 00 80 02 68 01");

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.IsKeyFrame.Should().BeTrue();
        descriptor.TryGetKeyFrameSize(out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Rewriting_a_short_picture_id_keeps_it_one_byte_and_truncates_to_7_bits()
    {
        byte[] payload = Hex.Parse("90 80 11 10");
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TrySetPictureId(0x1234).Should().BeTrue();

        Hex.Format(payload).Should().Be("90803410");
        descriptor.PictureId.Should().Be(0x34);
    }

    [Fact]
    public void Rewriting_a_long_picture_id_keeps_the_M_bit()
    {
        byte[] payload = Hex.Parse("90 80 91 22 10");
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TrySetPictureId(0x7ffe).Should().BeTrue();

        Hex.Format(payload).Should().Be("9080fffe10");
        descriptor.PictureId.Should().Be(0x7ffe);
    }

    [Fact]
    public void Rewriting_tl0picidx_touches_only_its_byte()
    {
        byte[] payload = Hex.Parse("90 e0 81 02 07 40 10");
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TrySetTl0PicIdx(200).Should().BeTrue();

        Hex.Format(payload).Should().Be("90e08102c84010");
    }

    [Fact]
    public void Absent_fields_cannot_be_rewritten()
    {
        byte[] payload = Hex.Parse("10 10");
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.TrySetPictureId(1).Should().BeFalse();
        descriptor.TrySetTl0PicIdx(1).Should().BeFalse();
        Hex.Format(payload).Should().Be("1010");
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]              // descriptor without VP8 data
    [InlineData("90")]              // X set, extension byte missing
    [InlineData("90 80")]           // I set, picture id missing
    [InlineData("90 80 91")]        // M set, second picture id byte missing
    [InlineData("90 40 10")]        // L set: TL0PICIDX takes the last byte, nothing left
    [InlineData("90 20 40")]        // T set: TID byte takes the last byte
    public void Truncated_descriptors_are_refused(string hex)
    {
        Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out _).Should().BeFalse();
    }

    [Fact]
    public void Writer_output_parses_back_to_the_same_fields()
    {
        byte[] buffer = new byte[8];
        Vp8PayloadDescriptorWriter.TryWrite(buffer, startOfPartition: true, partitionIndex: 0, nonReference: false, pictureId: 4000,
            longPictureId: true, tl0PicIdx: 9, temporalLayerId: 1, layerSync: true, keyIndex: -1, out int length).Should().BeTrue();
        buffer[length] = 0x11;

        Vp8PayloadDescriptor.TryParse(buffer.AsSpan(0, length + 1), out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(length);
        descriptor.PictureId.Should().Be(4000);
        descriptor.Tl0PicIdx.Should().Be(9);
        descriptor.TemporalLayerId.Should().Be(1);
        descriptor.IsLayerSync.Should().BeTrue();
        descriptor.HasKeyIndex.Should().BeFalse();
    }

    [Fact]
    public void Writer_refuses_a_picture_id_wider_than_its_field()
    {
        Vp8PayloadDescriptorWriter.TryWrite(new byte[8], true, 0, false, pictureId: 200, longPictureId: false, -1, -1, false, -1, out _)
            .Should().BeFalse();
    }
}
