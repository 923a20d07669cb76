using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class RtpPacketTests
{
    private static readonly byte[] MixerPacket = Hex.Parse("""
        a2 80 ff fe   // V=2 P=1 X=0 CC=2 | M=1 PT=0 | sequence number 65534
        12 34 56 78   // timestamp
        11 22 33 44   // SSRC
        00 00 00 01   // CSRC 1
        00 00 00 02   // CSRC 2
        d5 d5 d5 d5   // payload
        00 00 00 04   // padding, count 4
        """);

    private static readonly byte[] MinimalPacket = Hex.Parse("""
        80 60 00 01   // V=2 P=0 X=0 CC=0 | M=0 PT=96 | sequence number 1
        00 00 00 02   // timestamp 2
        00 00 00 03   // SSRC 3
        """);

    [Fact]
    public void Fixed_header_fields_are_read_from_their_rfc3550_positions()
    {
        RtpPacket.TryParse(MixerPacket, out RtpPacket packet).Should().BeTrue();

        packet.Version.Should().Be(2);
        packet.Marker.Should().BeTrue();
        packet.PayloadType.Should().Be(0);
        packet.SequenceNumber.Should().Be(65534);
        packet.Timestamp.Should().Be(0x12345678);
        packet.Ssrc.Should().Be(0x11223344);
        packet.HasExtension.Should().BeFalse();
        packet.ExtensionForm.Should().Be(RtpHeaderExtensionForm.None);
    }

    [Fact]
    public void Csrcs_are_listed_after_the_ssrc_and_can_be_rewritten()
    {
        byte[] bytes = (byte[])MixerPacket.Clone();
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.CsrcCount.Should().Be(2);
        packet.GetCsrc(0).Should().Be(1);
        packet.GetCsrc(1).Should().Be(2);

        packet.SetCsrc(1, 0xAABBCCDD);

        Hex.Format(bytes.AsSpan(16, 4)).Should().Be("aabbccdd");
    }

    [Fact]
    public void Payload_stops_before_the_padding_the_last_byte_counts()
    {
        RtpPacket.TryParse(MixerPacket, out RtpPacket packet).Should().BeTrue();

        packet.HeaderLength.Should().Be(20);
        packet.PaddingLength.Should().Be(4);
        packet.PayloadLength.Should().Be(4);
        Hex.Format(packet.Payload).Should().Be("d5d5d5d5");
    }

    [Fact]
    public void Setters_rewrite_one_field_in_place_and_leave_its_neighbours()
    {
        byte[] bytes = (byte[])MinimalPacket.Clone();
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.Marker = true;
        packet.PayloadType = 101;
        packet.SequenceNumber = 0xBEEF;
        packet.Timestamp = 0xDEADBEEF;
        packet.Ssrc = 0x01020304;

        Hex.Format(bytes).Should().Be("80e5beefdeadbeef01020304");
        packet.Marker = false;
        packet.PayloadType.Should().Be(101);
        packet.PayloadType = 0xFF;
        packet.Marker.Should().BeFalse("the payload type setter keeps only 7 bits");
        packet.PayloadType.Should().Be(0x7F);
    }

    [Fact]
    public void Packet_of_only_padding_is_valid_and_has_an_empty_payload()
    {
        byte[] bytes = Hex.Parse("""
            a0 60 00 01   // V=2 P=1 X=0 CC=0 | PT=96
            00 00 00 02
            00 00 00 03
            00 00 00 04   // four padding bytes, the last one counting them
            """);

        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.PayloadLength.Should().Be(0);
        packet.PaddingLength.Should().Be(4);
    }

    [Fact]
    public void Padding_count_of_zero_is_invalid()
    {
        byte[] bytes = Hex.Parse("a0 60 00 01 00 00 00 02 00 00 00 03 00 00 00 00");

        RtpPacket.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Padding_count_reaching_into_the_header_is_invalid()
    {
        byte[] bytes = Hex.Parse("a0 60 00 01 00 00 00 02 00 00 00 03 00 00 00 05");

        RtpPacket.TryParse(bytes, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x40)]
    [InlineData(0xC0)]
    public void Version_other_than_2_is_invalid(byte firstByte)
    {
        byte[] bytes = (byte[])MinimalPacket.Clone();
        bytes[0] = firstByte;

        RtpPacket.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Every_truncation_of_a_header_is_invalid()
    {
        byte[] bytes = Hex.Parse("""
            91 60 00 01   // V=2 X=1 CC=1
            00 00 00 02
            00 00 00 03
            00 00 00 09   // CSRC
            be de 00 01   // one-byte form, 1 word
            10 2a 00 00   // ID=1 L=0
            """);
        RtpPacket.TryParse(bytes, out _).Should().BeTrue();

        for (int length = 0; length < bytes.Length; length++)
        {
            RtpPacket.TryParse(bytes, length, out _).Should().BeFalse($"{length} bytes cut the header");
        }
    }

    [Fact]
    public void Extension_length_running_past_the_packet_is_invalid()
    {
        byte[] bytes = Hex.Parse("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 2a 00 00");

        RtpPacket.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Length_beyond_the_buffer_or_negative_is_invalid()
    {
        RtpPacket.TryParse(MinimalPacket, MinimalPacket.Length + 1, out _).Should().BeFalse();
        RtpPacket.TryParse(MinimalPacket, -1, out _).Should().BeFalse();
        RtpPacket.TryParse(Span<byte>.Empty, 0, out _).Should().BeFalse();
    }

    [Fact]
    public void Bytes_beyond_the_length_are_spare_capacity_not_packet()
    {
        byte[] buffer = new byte[1500];
        MinimalPacket.CopyTo(buffer, 0);

        RtpPacket.TryParse(buffer, MinimalPacket.Length, out RtpPacket packet).Should().BeTrue();

        packet.Length.Should().Be(12);
        packet.Capacity.Should().Be(1500);
        packet.PayloadLength.Should().Be(0);
        packet.Bytes.Length.Should().Be(12);
    }

    [Fact]
    public void Removing_padding_clears_the_p_bit_and_shortens_the_packet()
    {
        byte[] bytes = (byte[])MixerPacket.Clone();
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.RemovePadding();

        packet.HasPadding.Should().BeFalse();
        packet.Length.Should().Be(MixerPacket.Length - 4);
        RtpPacket.TryParse(bytes, packet.Length, out RtpPacket reparsed).Should().BeTrue();
        Hex.Format(reparsed.Payload).Should().Be("d5d5d5d5");
    }
}
