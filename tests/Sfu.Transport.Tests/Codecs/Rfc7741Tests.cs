using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

/// <summary>
/// The payload descriptor examples of RFC 7741 §4.6, one byte per row as the RFC draws them, followed by the
/// first byte of the VP8 payload header (§4.3: |Size0|H| VER |P|).
/// </summary>
public class Rfc7741Tests
{
    [Fact]
    public void Key_frame_in_a_single_packet_has_picture_id_17_and_is_a_key_frame()
    {
        // §4.6.1
        byte[] payload = Hex.Parse("""
            90   // |1|0|0|1|0|0|0|0| X=1; S=1; PID=0
            80   // |1|0|0|0|0|0|0|0| I=1
            11   // |0|0|0|1|0|0|0|1| PictureID=17
            10   // |Size0|H| VER |P| P=0 (key frame), show_frame=1
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(3);
        descriptor.IsStartOfFrame.Should().BeTrue();
        descriptor.HasLongPictureId.Should().BeFalse();
        descriptor.PictureId.Should().Be(17);
        descriptor.HasTl0PicIdx.Should().BeFalse();
        descriptor.HasTemporalLayerId.Should().BeFalse();
        descriptor.IsKeyFrame.Should().BeTrue();
    }

    [Fact]
    public void Interframe_without_picture_id_is_a_one_byte_descriptor_and_not_a_key_frame()
    {
        // §4.6.2
        byte[] payload = Hex.Parse("""
            10   // |0|0|0|1|0|0|0|0| X=0; S=1; PID=0
            11   // |Size0|H| VER |P| P=1 (interframe)
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(1);
        descriptor.HasExtendedControl.Should().BeFalse();
        descriptor.HasPictureId.Should().BeFalse();
        descriptor.PictureId.Should().Be(-1);
        descriptor.IsKeyFrame.Should().BeFalse();
    }

    [Fact]
    public void Second_partition_in_its_own_packet_starts_a_partition_but_not_a_frame()
    {
        // §4.6.3, second packet
        byte[] payload = Hex.Parse("""
            91   // |1|0|0|1|0|0|0|1| X=1; S=1; PID=1
            80   // |1|0|0|0|0|0|0|0| I=1
            11   // |0|0|0|1|0|0|0|1| PictureID=17
            00   // first byte of partition 1
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.IsStartOfPartition.Should().BeTrue();
        descriptor.PartitionIndex.Should().Be(1);
        descriptor.IsStartOfFrame.Should().BeFalse();
        descriptor.IsKeyFrame.Should().BeFalse("only the start of partition 0 holds the VP8 payload header");
    }

    [Fact]
    public void Continuation_of_a_fragmented_frame_is_not_a_start()
    {
        // §4.6.4, second packet
        byte[] payload = Hex.Parse("""
            80   // |1|0|0|0|0|0|0|0| X=1; S=0; PID=0
            80   // |1|0|0|0|0|0|0|0| I=1
            11   // |0|0|0|1|0|0|0|1| PictureID=17
            00   // more bytes of partition 0
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.IsStartOfPartition.Should().BeFalse();
        descriptor.IsKeyFrame.Should().BeFalse();
        descriptor.PictureId.Should().Be(17);
    }

    [Fact]
    public void Long_picture_id_is_15_bits_over_two_bytes()
    {
        // §4.6.5
        byte[] payload = Hex.Parse("""
            90   // |1|0|0|1|0|0|0|0| X=1; S=1
            80   // |1|0|0|0|0|0|0|0| I=1
            91   // |1|0|0|1|0|0|0|1| Long PictureID flag=1, PictureID (MSBs)=0x11
            22   // |0|0|1|0|0|0|1|0| PictureID (LSBs)=0x22
            11   // |Size0|H| VER |P| P=1
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(4);
        descriptor.HasLongPictureId.Should().BeTrue();
        descriptor.PictureId.Should().Be(0x1122);
    }

    [Fact]
    public void Full_descriptor_of_section_4_2_reads_every_field()
    {
        // §4.2 with every optional byte present.
        byte[] payload = Hex.Parse("""
            b0   // |1|0|1|1|0|0|0|0| X=1; N=1; S=1; PID=0
            f0   // |1|1|1|1|0|0|0|0| I=1; L=1; T=1; K=1
            81   // |1|0|0|0|0|0|0|1| M=1, PictureID (MSBs)=0x01
            02   // PictureID (LSBs)=0x02
            7f   // TL0PICIDX=127
            a5   // |1|0|1|0|0|1|0|1| TID=2; Y=1; KEYIDX=5
            11   // |Size0|H| VER |P| P=1
            """);

        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();

        descriptor.Length.Should().Be(6);
        descriptor.IsNonReference.Should().BeTrue();
        descriptor.PictureId.Should().Be(0x0102);
        descriptor.Tl0PicIdx.Should().Be(127);
        descriptor.TemporalLayerId.Should().Be(2);
        descriptor.IsLayerSync.Should().BeTrue();
        descriptor.KeyIndex.Should().Be(5);
    }
}
