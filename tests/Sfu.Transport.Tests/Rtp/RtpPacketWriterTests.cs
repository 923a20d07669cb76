using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class RtpPacketWriterTests
{
    [Fact]
    public void Writes_header_extensions_payload_and_padding_that_parse_back()
    {
        byte[] buffer = new byte[100];
        var writer = new RtpPacketWriter(buffer, payloadType: 96, sequenceNumber: 8010, timestamp: 2846016, ssrc: 0x5d2a91c7, marker: true);

        writer.TryAddExtension(2, [0x4c, 0x8e, 0x2b]).Should().BeTrue();
        writer.TryAddExtension(3, [0x01, 0xa9]).Should().BeTrue();
        writer.TryAddExtension(4, "0"u8).Should().BeTrue();
        writer.TryFinish([0x90, 0x80, 0xbb, 0x2c], paddingLength: 0, out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(Hex.Parse("""
            90 e0 1f 4a   // V=2 X=1 | M=1 PT=96 | sequence number 8010
            00 2b 6d 40   // timestamp
            5d 2a 91 c7   // SSRC
            be de 00 03   // one-byte form, 3 words
            22 4c 8e 2b   // ID=2 L=2
            31 01 a9      // ID=3 L=1
            40 30         // ID=4 L=0
            00 00 00      // padding
            90 80 bb 2c   // payload
            """)));
    }

    [Fact]
    public void Csrcs_and_padding_are_counted_in_the_first_byte()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 0, 1, 2, 3);

        writer.TryAddCsrc(10).Should().BeTrue();
        writer.TryAddCsrc(11).Should().BeTrue();
        writer.TryFinish([0xd5], paddingLength: 3, out int length).Should().BeTrue();

        RtpPacket.TryParse(buffer, length, out RtpPacket packet).Should().BeTrue();
        packet.CsrcCount.Should().Be(2);
        packet.GetCsrc(1).Should().Be(11);
        packet.PaddingLength.Should().Be(3);
        Hex.Format(packet.Payload).Should().Be("d5");
        Hex.Format(buffer.AsSpan(length - 3, 3)).Should().Be("000003");
    }

    [Fact]
    public void A_csrc_after_an_extension_is_refused()
    {
        var writer = new RtpPacketWriter(new byte[64], 0, 1, 2, 3);

        writer.TryAddExtension(1, [1]).Should().BeTrue();

        writer.TryAddCsrc(10).Should().BeFalse();
    }

    [Fact]
    public void An_element_the_one_byte_form_cannot_carry_converts_the_block()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3);

        writer.TryAddExtension(1, "ab"u8).Should().BeTrue();
        writer.TryAddExtension(15, [7]).Should().BeTrue();
        writer.TryAddExtension(2, new byte[17]).Should().BeTrue();
        writer.TryFinish(ReadOnlySpan<byte>.Empty, 0, out int length).Should().BeTrue();

        RtpPacket.TryParse(buffer, length, out RtpPacket packet).Should().BeTrue();
        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.TwoByte);
        RtpDescription.Elements(packet).Should().Equal((1, "6162"), (15, "07"), (2, new string('0', 34)));
    }

    [Fact]
    public void A_raw_extension_keeps_its_profile()
    {
        byte[] buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer, 96, 1, 2, 3);

        writer.TrySetRawExtension(0xABAC, [1, 2, 3]).Should().BeFalse("the body is whole words");
        writer.TrySetRawExtension(0xABAC, [1, 2, 3, 4]).Should().BeTrue();
        writer.TryAddExtension(1, [1]).Should().BeFalse();
        writer.TryFinish([9], 0, out int length).Should().BeTrue();

        RtpPacket.TryParse(buffer, length, out RtpPacket packet).Should().BeTrue();
        packet.ExtensionProfile.Should().Be(0xABAC);
        Hex.Format(packet.ExtensionBody).Should().Be("01020304");
    }

    [Fact]
    public void A_buffer_too_small_refuses_every_step_without_throwing()
    {
        var tiny = new RtpPacketWriter(new byte[11], 0, 1, 2, 3);
        tiny.TryAddCsrc(1).Should().BeFalse();
        tiny.TryAddExtension(1, [1]).Should().BeFalse();
        tiny.TryFinish(ReadOnlySpan<byte>.Empty, 0, out _).Should().BeFalse();

        var small = new RtpPacketWriter(new byte[24], 0, 1, 2, 3);
        small.TryAddExtension(1, [1, 2, 3]).Should().BeTrue();
        small.TryAddExtension(2, [1, 2, 3, 4]).Should().BeFalse();
        small.TryFinish([1, 2, 3, 4, 5], 0, out _).Should().BeFalse();
        small.TryFinish([1, 2, 3, 4], 0, out int length).Should().BeTrue();
        length.Should().Be(24);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void Padding_outside_one_byte_is_refused(int padding)
    {
        var writer = new RtpPacketWriter(new byte[400], 0, 1, 2, 3);

        writer.TryFinish(ReadOnlySpan<byte>.Empty, padding, out _).Should().BeFalse();
    }
}
