using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

/// <summary>RFC 7983 §7 first-byte ranges, then RFC 5761 §4 for RTP against RTCP.</summary>
public class PacketClassifierTests
{
    [Theory]
    [InlineData(0, PacketKind.Stun)]
    [InlineData(1, PacketKind.Stun)]
    [InlineData(3, PacketKind.Stun)]
    [InlineData(4, PacketKind.Unknown)]
    [InlineData(15, PacketKind.Unknown)]
    [InlineData(16, PacketKind.Zrtp)]
    [InlineData(19, PacketKind.Zrtp)]
    [InlineData(20, PacketKind.Dtls)]
    [InlineData(22, PacketKind.Dtls)] // handshake
    [InlineData(23, PacketKind.Dtls)] // application data
    [InlineData(63, PacketKind.Dtls)]
    [InlineData(64, PacketKind.TurnChannel)]
    [InlineData(79, PacketKind.TurnChannel)]
    [InlineData(80, PacketKind.Unknown)]
    [InlineData(127, PacketKind.Unknown)]
    [InlineData(192, PacketKind.Unknown)]
    [InlineData(255, PacketKind.Unknown)]
    public void First_byte_ranges_follow_rfc_7983(int firstByte, PacketKind expected)
    {
        PacketClassifier.Classify([(byte)firstByte, 0x00, 0x00, 0x00]).Should().Be(expected);
    }

    [Theory]
    [InlineData(0x80, 0, PacketKind.Rtp)] // PCMU
    [InlineData(0x80, 63, PacketKind.Rtp)]
    [InlineData(0x80, 96, PacketKind.Rtp)]
    [InlineData(0x80, 111, PacketKind.Rtp)] // opus
    [InlineData(0x80, 127, PacketKind.Rtp)]
    [InlineData(0x80, 0x80 | 96, PacketKind.Rtp)] // marker bit set, PT 96
    [InlineData(0x80, 200, PacketKind.Rtcp)] // SR
    [InlineData(0x81, 201, PacketKind.Rtcp)] // RR with one report block
    [InlineData(0x81, 205, PacketKind.Rtcp)] // RTPFB (NACK)
    [InlineData(0x81, 206, PacketKind.Rtcp)] // PSFB (PLI)
    [InlineData(0x80, 207, PacketKind.Rtcp)] // XR
    [InlineData(0x80, 192, PacketKind.Rtcp)] // lowest of the 64–95 band
    [InlineData(0x80, 223, PacketKind.Rtcp)] // highest of the band
    [InlineData(0xBF, 224, PacketKind.Rtp)] // marker + PT 96
    public void Rtp_and_rtcp_are_told_apart_by_the_second_byte(int first, int second, PacketKind expected)
    {
        PacketClassifier.Classify([(byte)first, (byte)second, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).Should().Be(expected);
    }

    [Fact]
    public void Empty_packet_is_unknown()
    {
        PacketClassifier.Classify([]).Should().Be(PacketKind.Unknown);
    }

    [Fact]
    public void Lone_rtp_looking_byte_is_unknown()
    {
        PacketClassifier.Classify([0x80]).Should().Be(PacketKind.Unknown);
    }

    [Fact]
    public void Lone_stun_or_dtls_byte_is_classified_and_left_to_the_parser()
    {
        PacketClassifier.Classify([0x00]).Should().Be(PacketKind.Stun);
        PacketClassifier.Classify([0x16]).Should().Be(PacketKind.Dtls);
    }
}
