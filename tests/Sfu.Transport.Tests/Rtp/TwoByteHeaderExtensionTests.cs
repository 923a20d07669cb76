using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class TwoByteHeaderExtensionTests
{
    private const string Packet = """
        90 60 00 07   // V=2 X=1 | PT=96 | sequence number 7
        00 00 0b b8   // timestamp
        00 00 30 39   // SSRC
        10 00 00 04   // two-byte form, 4 words
        01 01 30      // ID=1 length 1: mid "0"
        10 00         // ID=16 length 0
        00            // padding
        c8 05 68 65   // ID=200 length 5: "hello"
        6c 6c 6f      //
        00 00 00      // padding
        de ad be ef   // payload
        """;

    private static RtpPacket Parse(byte[] buffer)
    {
        byte[] bytes = Hex.Parse(Packet);
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
    public void Empty_values_and_ids_above_14_are_found()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer);

        packet.TryGetExtension(16, out Span<byte> empty).Should().BeTrue();
        empty.Length.Should().Be(0);
        packet.TryGetExtension(200, out Span<byte> hello).Should().BeTrue();
        hello.SequenceEqual("hello"u8).Should().BeTrue();
    }

    [Fact]
    public void Rewriting_ids_may_use_the_whole_byte()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer);
        byte[] map = new byte[256];
        map[1] = 250;
        map[16] = 17;
        map[200] = 3;

        packet.TryRewriteExtensionIds(map).Should().BeTrue();

        RtpDescription.Elements(Reparse(buffer, packet)).Should().Equal((250, "30"), (17, ""), (3, "68656c6c6f"));
    }

    [Fact]
    public void Removing_compacts_and_shrinks_by_whole_words()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer);

        packet.RemoveExtension(200).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        Hex.Format(reparsed.ExtensionBody).Should().Be("0101301000000000");
        Hex.Format(reparsed.Payload).Should().Be("deadbeef");
    }

    [Fact]
    public void Appbits_survive_edits()
    {
        byte[] buffer = new byte[100];
        RtpPacket packet = Parse(buffer);
        buffer[13] = 0x05;

        packet.RemoveExtension(16).Should().BeTrue();
        packet.TrySetExtension(1, "abc"u8).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.ExtensionProfile.Should().Be(0x1005);
        RtpDescription.Elements(reparsed).Should().Equal((200, "68656c6c6f"), (1, "616263"));
    }

    [Fact]
    public void An_empty_value_opens_a_two_byte_block()
    {
        byte[] buffer = new byte[100];
        Hex.Parse("80 60 00 01 00 00 00 02 00 00 00 03 aa").CopyTo(buffer, 0);
        RtpPacket.TryParse(buffer, 13, out RtpPacket packet).Should().BeTrue();

        packet.TrySetExtension(3, ReadOnlySpan<byte>.Empty).Should().BeTrue();

        RtpPacket reparsed = Reparse(buffer, packet);
        reparsed.ExtensionProfile.Should().Be(0x1000);
        Hex.Format(reparsed.ExtensionBody).Should().Be("03000000");
        Hex.Format(reparsed.Payload).Should().Be("aa");
    }

    [Fact]
    public void Other_profiles_are_not_edited()
    {
        byte[] buffer = new byte[100];
        Hex.Parse("90 60 00 01 00 00 00 02 00 00 00 03 ab ac 00 01 11 22 33 44").CopyTo(buffer, 0);
        RtpPacket.TryParse(buffer, 20, out RtpPacket packet).Should().BeTrue();

        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.Unknown);
        packet.TryGetExtension(1, out _).Should().BeFalse();
        packet.TrySetExtension(1, [1]).Should().BeFalse();
        packet.TryRewriteExtensionIds([0, 1]).Should().BeFalse();
        Hex.Format(packet.ExtensionBody).Should().Be("11223344");

        packet.RemoveAllExtensions();

        packet.HasExtension.Should().BeFalse();
        packet.Length.Should().Be(12);
    }
}
