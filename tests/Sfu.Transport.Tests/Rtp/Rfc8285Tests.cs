using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

/// <summary>The example blocks drawn in RFC 8285 §4.2 and §4.3, with ids and data filled in.</summary>
public class Rfc8285Tests
{
    private const string FixedHeader = """
        90 60 00 01   // V=2 X=1 | PT=96 | sequence number 1
        00 00 00 02   // timestamp
        00 00 00 03   // SSRC
        """;

    [Fact]
    public void One_byte_example_of_section_4_2_yields_three_elements_around_padding()
    {
        byte[] bytes = Hex.Parse(FixedHeader + "\n" + """
            be de 00 03   // 0xBEDE | length=3
            10 aa 21 bb   // ID=1 L=0 data | ID=2 L=1 data...
            cc 00 00 33   // ...data | 0 (pad) | 0 (pad) | ID=3 L=3
            01 02 03 04   // data
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.OneByte);
        RtpDescription.Elements(packet).Should().Equal((1, "aa"), (2, "bbcc"), (3, "01020304"));
    }

    [Fact]
    public void Two_byte_example_of_section_4_3_yields_an_empty_element_and_a_four_byte_one()
    {
        byte[] bytes = Hex.Parse(FixedHeader + "\n" + """
            10 00 00 03   // 0x100 | appbits=0 | length=3
            01 00 02 01   // ID=1 L=0 | ID=2 L=1
            aa 00 03 04   // data | 0 (pad) | ID=3 L=4
            01 02 03 04   // data
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.TwoByte);
        RtpDescription.Elements(packet).Should().Equal((1, ""), (2, "aa"), (3, "01020304"));
    }

    [Fact]
    public void One_byte_id_15_ends_the_block_and_keeps_what_came_before()
    {
        byte[] bytes = Hex.Parse(FixedHeader + "\n" + """
            be de 00 02   // 0xBEDE | length=2
            10 aa f3 01   // ID=1 L=0 data | ID=15: stop, its length is ignored
            20 bb 00 00   // not considered
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        RtpDescription.Elements(packet).Should().Equal((1, "aa"));
        packet.TryGetExtension(2, out _).Should().BeFalse();
    }

    [Fact]
    public void Two_byte_appbits_still_select_the_two_byte_form()
    {
        byte[] bytes = Hex.Parse(FixedHeader + "\n" + """
            10 0f 00 01   // 0x100 | appbits=0xF | length=1
            05 01 7e 00   // ID=5 L=1 data | pad
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.TwoByte);
        packet.ExtensionProfile.Should().Be(0x100F);
        RtpDescription.Elements(packet).Should().Equal((5, "7e"));
    }

    [Fact]
    public void Element_running_past_the_block_ends_the_walk_but_not_the_packet()
    {
        byte[] bytes = Hex.Parse(FixedHeader + "\n" + """
            be de 00 01   // 0xBEDE | length=1
            10 aa 2f 00   // ID=1 L=0 data | ID=2 L=15 would need 16 bytes
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        RtpDescription.Elements(packet).Should().Equal((1, "aa"));
    }
}
