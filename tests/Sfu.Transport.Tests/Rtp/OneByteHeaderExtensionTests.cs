using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class OneByteHeaderExtensionTests
{
    /// <summary>abs-send-time=2, transport-wide-cc=3, mid=4, as a Chrome producer numbers them.</summary>
    private const string ChromeVideo = """
        90 60 1f 4a   // V=2 X=1 | PT=96 | sequence number 8010
        00 2b 6d 40   // timestamp
        5d 2a 91 c7   // SSRC
        be de 00 03   // one-byte form, 3 words
        22 4c 8e 2b   // ID=2 L=2 abs-send-time
        31 01 a9      // ID=3 L=1 transport-wide sequence number
        40 30         // ID=4 L=0 mid "0"
        00 00 00      // padding
        90 80 bb 2c   // payload
        """;

    private const string Payload = "9080bb2c";

    private static RtpPacket Parse(byte[] buffer, string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        bytes.CopyTo(buffer, 0);
        RtpPacket.TryParse(buffer, bytes.Length, out RtpPacket packet).Should().BeTrue();
        return packet;
    }

    private static RtpPacket Reparse(byte[] buffer, RtpPacket edited)
    {
        RtpPacket.TryParse(buffer, edited.Length, out RtpPacket packet).Should().BeTrue("an edit keeps the packet valid");
        return packet;
    }

    [Fact]
    public void Finding_an_element_returns_its_value_as_a_slice_of_the_packet()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.TryGetExtension(4, out Span<byte> mid).Should().BeTrue();
        mid.Length.Should().Be(1);
        mid[0] = (byte)'7';

        buffer[24].Should().Be((byte)'7');
        packet.TryGetExtension(5, out _).Should().BeFalse();
    }

    [Fact]
    public void Iterating_lists_elements_in_order_and_skips_padding()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        RtpDescription.Elements(packet).Should().Equal((2, "4c8e2b"), (3, "01a9"), (4, "30"));
    }

    [Fact]
    public void Rewriting_ids_renames_every_element_in_place()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);
        byte[] map = [0, 0, 4, 5, 1];

        packet.TryRewriteExtensionIds(map).Should().BeTrue();

        packet.Length.Should().Be(Hex.Parse(ChromeVideo).Length);
        RtpDescription.Elements(Reparse(buffer, packet)).Should().Equal((4, "4c8e2b"), (5, "01a9"), (1, "30"));
        Hex.Format(packet.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Rewriting_to_zero_removes_and_compacts_the_block()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);
        byte[] map = [0, 0, 0, 3, 1];

        packet.TryRewriteExtensionIds(map).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        RtpDescription.Elements(reparsed).Should().Equal((3, "01a9"), (1, "30"));
        reparsed.ExtensionBody.Length.Should().Be(8, "3 + 2 bytes of elements round up to two words");
        Hex.Format(reparsed.ExtensionBody).Should().Be("3101a91030000000");
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Ids_beyond_the_map_are_removed()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);
        byte[] map = [0, 0, 2];

        packet.TryRewriteExtensionIds(map).Should().BeTrue();

        RtpDescription.Elements(Reparse(buffer, packet)).Should().Equal((2, "4c8e2b"));
    }

    [Fact]
    public void Rewriting_to_an_id_the_one_byte_form_cannot_carry_leaves_the_packet_untouched()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);
        byte[] before = packet.Bytes.ToArray();
        byte[] map = [0, 0, 0, 15, 1];

        packet.TryRewriteExtensionIds(map).Should().BeFalse();

        packet.Bytes.ToArray().Should().Equal(before);
    }

    [Fact]
    public void Removing_the_last_element_drops_the_block_and_clears_the_x_bit()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.RemoveExtension(2).Should().BeTrue();
        packet.RemoveExtension(3).Should().BeTrue();
        packet.RemoveExtension(4).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.HasExtension.Should().BeFalse();
        reparsed.HeaderLength.Should().Be(12);
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Removing_an_absent_id_changes_nothing()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);
        byte[] before = packet.Bytes.ToArray();

        packet.RemoveExtension(9).Should().BeFalse();

        packet.Bytes.ToArray().Should().Equal(before);
    }

    [Fact]
    public void Removing_a_middle_element_moves_the_next_one_up()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.RemoveExtension(3).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        Hex.Format(reparsed.ExtensionBody).Should().Be("224c8e2b40300000");
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Transport_sequence_number_is_rewritten_in_place_without_moving_anything()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.TrySetExtensionValue(3, [0x12, 0x34]).Should().BeTrue();
        packet.TrySetExtensionValue(3, [0x12]).Should().BeFalse("the value keeps its length");

        Hex.Format(packet.ExtensionBody).Should().Be("224c8e2b311234403000" + "0000");
    }

    [Fact]
    public void Setting_a_longer_mid_moves_the_element_to_the_end_and_grows_the_block()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.TrySetExtension(4, "probator"u8).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        RtpDescription.Elements(reparsed).Should().Equal((2, "4c8e2b"), (3, "01a9"), (4, "70726f6261746f72"));
        reparsed.ExtensionBody.Length.Should().Be(16);
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Setting_a_shorter_value_shrinks_the_block()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.TrySetExtension(2, [0x01]).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        RtpDescription.Elements(reparsed).Should().Equal((3, "01a9"), (4, "30"), (2, "01"));
        reparsed.ExtensionBody.Length.Should().Be(8);
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Adding_an_element_to_a_packet_without_extension_opens_a_one_byte_block()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, "80 60 00 01 00 00 00 02 00 00 00 03 aa bb");

        packet.TrySetExtension(5, [0x00, 0x07]).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.HasExtension.Should().BeTrue();
        reparsed.ExtensionProfile.Should().Be(0xBEDE);
        Hex.Format(reparsed.ExtensionBody).Should().Be("51000700");
        Hex.Format(reparsed.Payload).Should().Be("aabb");
    }

    [Fact]
    public void Adding_an_id_above_14_turns_the_block_into_the_two_byte_form()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.TrySetExtension(20, [0x99]).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.ExtensionForm.Should().Be(RtpHeaderExtensionForm.TwoByte);
        RtpDescription.Elements(reparsed).Should().Equal((2, "4c8e2b"), (3, "01a9"), (4, "30"), (20, "99"));
        Hex.Format(reparsed.ExtensionBody).Should().Be("02034c8e2b" + "030201a9" + "040130" + "140199" + "00");
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Growing_beyond_the_buffer_is_refused_and_leaves_the_packet_untouched()
    {
        byte[] exact = Hex.Parse(ChromeVideo);
        RtpPacket.TryParse(exact, out RtpPacket packet).Should().BeTrue();
        byte[] before = (byte[])exact.Clone();

        packet.TrySetExtension(4, "probator"u8).Should().BeFalse();
        packet.TrySetExtension(9, [1]).Should().BeTrue("one byte fits in the existing padding");
        packet.TrySetExtension(10, [1, 2, 3]).Should().BeFalse();

        exact.AsSpan(0, 28).ToArray().Should().NotEqual(before.AsSpan(0, 28).ToArray());
        packet.Length.Should().Be(before.Length);
        RtpDescription.Elements(packet).Should().Equal((2, "4c8e2b"), (3, "01a9"), (4, "30"), (9, "01"));
    }

    [Fact]
    public void Removing_all_extensions_leaves_a_plain_packet()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, ChromeVideo);

        packet.RemoveAllExtensions();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.HasExtension.Should().BeFalse();
        reparsed.Length.Should().Be(16);
        Hex.Format(reparsed.Payload).Should().Be(Payload);
    }

    [Fact]
    public void Editing_keeps_csrcs_and_padding_in_place()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer, """
            b1 60 00 01   // V=2 P=1 X=1 CC=1
            00 00 00 02
            00 00 00 03
            00 00 00 77   // CSRC
            be de 00 01   // one-byte form, 1 word
            10 aa 00 00   // ID=1 L=0
            cc dd         // payload
            00 02         // padding, count 2
            """);

        packet.TrySetExtension(2, [1, 2, 3, 4, 5]).Should().BeTrue();
        packet.RemoveExtension(1).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.GetCsrc(0).Should().Be(0x77);
        RtpDescription.Elements(reparsed).Should().Equal((2, "0102030405"));
        Hex.Format(reparsed.Payload).Should().Be("ccdd");
        reparsed.PaddingLength.Should().Be(2);
    }
}
