using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpRembTests
{
    private static readonly byte[] Remb = Hex.Parse("""
        8f ce 00 05   // V=2 P=0 FMT=15 PT=PSFB=206 length=5
        00 00 00 01   // SSRC of packet sender
        00 00 00 00   // SSRC of media source: 0
        52 45 4d 42   // unique identifier 'R' 'E' 'M' 'B'
        01 0b d0 90   // Num SSRC=1 | BR Exp=2 | BR Mantissa=0x3d090 (250000): 1 000 000 bit/s
        5d 2a 91 c7   // SSRC feedback
        """);

    [Fact]
    public void Bitrate_is_mantissa_shifted_by_exponent()
    {
        RtcpRemb.TryParse(Remb, out RtcpRemb remb).Should().BeTrue();

        remb.SenderSsrc.Should().Be(1);
        remb.MediaSsrc.Should().Be(0);
        remb.Exponent.Should().Be(2);
        remb.Mantissa.Should().Be(250_000u);
        remb.Bitrate.Should().Be(1_000_000ul);
        remb.SsrcCount.Should().Be(1);
        remb.GetSsrc(0).Should().Be(0x5d2a91c7);
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[24];

        RtcpRemb.TryWrite(buffer, 1, 1_000_000, [0x5d2a91c7], out int length).Should().BeTrue();

        buffer.AsSpan(0, length).ToArray().Should().Equal(Remb);
    }

    [Theory]
    [InlineData(0ul, 0, 0u)]
    [InlineData(262_143ul, 0, 262_143u)]
    [InlineData(262_144ul, 1, 131_072u)]
    [InlineData(30_000_000ul, 7, 234_375u)]
    [InlineData(ulong.MaxValue, 46, 262_143u)]
    public void Encoding_picks_the_smallest_exponent_that_fits_18_bits(ulong bitrate, int exponent, uint mantissa)
    {
        RtcpRemb.Encode(bitrate).Should().Be((exponent, mantissa));
    }

    [Fact]
    public void An_exponent_past_64_bits_saturates()
    {
        RtcpRemb.Decode(63, 2).Should().Be(ulong.MaxValue);
        RtcpRemb.Decode(63, 1).Should().Be(1ul << 63);
        RtcpRemb.Decode(63, 0).Should().Be(0ul);
    }

    [Fact]
    public void Sfu_upper_limit_without_ssrc_list_is_recognised_as_remb()
    {
        byte[] buffer = new byte[20];

        RtcpRemb.TryWrite(buffer, 0, 10_000_000, ReadOnlySpan<uint>.Empty, out int length).Should().BeTrue();

        length.Should().Be(20);
        RtcpPacket.TryParse(buffer, out RtcpPacket packet).Should().BeTrue();
        packet.Kind.Should().Be(RtcpPacketKind.ReceiverEstimatedMaximumBitrate);
        RtcpRemb.TryParse(packet, out RtcpRemb remb).Should().BeTrue();
        remb.Bitrate.Should().Be(10_000_000ul);
    }

    [Fact]
    public void Application_feedback_without_the_remb_identifier_is_not_remb()
    {
        byte[] bytes = (byte[])Remb.Clone();
        bytes[15] = (byte)'X';

        RtcpRemb.TryParse(bytes, out _).Should().BeFalse();
        RtcpPacket.TryParse(bytes, out RtcpPacket packet).Should().BeTrue();
        packet.Kind.Should().Be(RtcpPacketKind.OtherPayloadSpecificFeedback);
    }

    [Fact]
    public void Ssrc_count_beyond_the_packet_is_invalid()
    {
        byte[] bytes = (byte[])Remb.Clone();
        bytes[16] = 2;

        RtcpRemb.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Writer_refuses_fields_that_do_not_fit()
    {
        RtcpRemb.TryWrite(new byte[64], 0, 64, 1, [], out _).Should().BeFalse();
        RtcpRemb.TryWrite(new byte[64], 0, 0, RtcpRemb.MaxMantissa + 1, [], out _).Should().BeFalse();
        RtcpRemb.TryWrite(new byte[19], 0, 1000, [], out _).Should().BeFalse();
    }
}
