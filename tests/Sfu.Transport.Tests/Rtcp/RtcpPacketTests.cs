using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpPacketTests
{
    [Fact]
    public void Header_gives_count_type_length_and_body()
    {
        byte[] bytes = Hex.Parse("""
            82 cb 00 02   // V=2 P=0 SC=2 PT=BYE=203 length=2
            00 00 00 01
            00 00 00 02
            ff ff ff ff   // the next packet, not part of this one
            """);

        RtcpPacket.TryParse(bytes, out RtcpPacket packet).Should().BeTrue();

        packet.Count.Should().Be(2);
        packet.Type.Should().Be(RtcpPacketType.Goodbye);
        packet.Kind.Should().Be(RtcpPacketKind.Goodbye);
        packet.Length.Should().Be(12);
        Hex.Format(packet.Body).Should().Be("0000000100000002");
        packet.HasPadding.Should().BeFalse();
    }

    [Fact]
    public void Padding_is_cut_from_the_body()
    {
        byte[] bytes = Hex.Parse("""
            a0 c9 00 02   // V=2 P=1 RC=0 PT=RR=201 length=2
            00 00 00 01   // SSRC
            00 00 00 04   // padding, count 4
            """);

        RtcpPacket.TryParse(bytes, out RtcpPacket packet).Should().BeTrue();

        packet.PaddingLength.Should().Be(4);
        Hex.Format(packet.Body).Should().Be("00000001");
    }

    [Theory]
    [InlineData("a0 c9 00 01 00 00 00 00")]          // padding count 0
    [InlineData("a0 c9 00 01 00 00 00 05")]          // padding into the header
    [InlineData("40 c9 00 01 00 00 00 01")]          // version 1
    [InlineData("80 c9 00 02 00 00 00 01")]          // length past the data
    [InlineData("80 c9 00")]                         // truncated header
    public void Malformed_headers_are_invalid(string hex)
    {
        RtcpPacket.TryParse(Hex.Parse(hex), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(205, 1, RtcpPacketKind.GenericNack)]
    [InlineData(205, 15, RtcpPacketKind.TransportFeedback)]
    [InlineData(205, 3, RtcpPacketKind.OtherTransportLayerFeedback)]
    [InlineData(206, 1, RtcpPacketKind.PictureLossIndication)]
    [InlineData(206, 4, RtcpPacketKind.FullIntraRequest)]
    [InlineData(206, 15, RtcpPacketKind.OtherPayloadSpecificFeedback)]
    [InlineData(207, 0, RtcpPacketKind.ExtendedReport)]
    [InlineData(204, 0, RtcpPacketKind.ApplicationDefined)]
    [InlineData(195, 0, RtcpPacketKind.Unknown)]
    public void Kind_follows_type_and_format(byte type, int format, RtcpPacketKind kind)
    {
        byte[] bytes = [(byte)(0x80 | format), type, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0x41, 0x42, 0x43, 0x44, 0, 0, 0, 0];

        RtcpPacket.TryParse(bytes, out RtcpPacket packet).Should().BeTrue();

        packet.Kind.Should().Be(kind);
    }
}
