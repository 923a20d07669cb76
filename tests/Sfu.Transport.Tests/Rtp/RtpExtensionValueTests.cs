using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class RtpExtensionValueTests
{
    /// <summary>Ids as a Chrome producer negotiates them (PROTOCOL.md §6.4), one element each.</summary>
    private static readonly byte[] Sample = Hex.Parse("""
        90 60 00 01   // V=2 X=1 | PT=96
        00 00 00 02   // timestamp
        00 00 00 03   // SSRC
        be de 00 05   // one-byte form, 5 words
        10 aa         // ID=1 L=0 audio level: V=1, 42 -dBov
        22 4c 8e 2b   // ID=2 L=2 abs-send-time 0x4c8e2b
        31 01 a9      // ID=3 L=1 transport-wide sequence number 425
        40 30         // ID=4 L=0 mid "0"
        a1 72 31      // ID=10 L=1 rid "r1"
        b1 72 30      // ID=11 L=1 repaired rid "r0"
        d0 0d         // ID=13 L=0 video orientation: back camera, flip, 90 degrees
        00            // padding
        """);

    [Fact]
    public void Typed_readers_decode_each_extension_by_its_negotiated_id()
    {
        RtpPacket.TryParse(Sample, out RtpPacket packet).Should().BeTrue();

        packet.TryGetAudioLevel(1, out AudioLevelIndication level).Should().BeTrue();
        level.Should().Be(new AudioLevelIndication(true, 42));
        packet.TryGetAbsSendTime(2, out uint sendTime).Should().BeTrue();
        sendTime.Should().Be(0x4c8e2bu);
        packet.TryGetTransportSequenceNumber(3, out ushort transportSequence).Should().BeTrue();
        transportSequence.Should().Be(425);
        packet.TryGetMid(4, out ReadOnlySpan<byte> mid).Should().BeTrue();
        SdesIdentifier.Matches(mid, "0").Should().BeTrue();
        packet.TryGetRid(10, out ReadOnlySpan<byte> rid).Should().BeTrue();
        SdesIdentifier.Matches(rid, "r1").Should().BeTrue();
        packet.TryGetRepairedRid(11, out ReadOnlySpan<byte> repairedRid).Should().BeTrue();
        SdesIdentifier.Matches(repairedRid, "r0").Should().BeTrue();
        packet.TryGetVideoOrientation(13, out VideoOrientation orientation).Should().BeTrue();
        orientation.Should().Be(new VideoOrientation(BackCamera: true, HorizontalFlip: true, QuarterTurns: 1));
        orientation.RotationDegrees.Should().Be(90);
    }

    [Fact]
    public void Readers_refuse_an_element_of_the_wrong_length()
    {
        RtpPacket.TryParse(Sample, out RtpPacket packet).Should().BeTrue();

        packet.TryGetAbsSendTime(3, out _).Should().BeFalse();
        packet.TryGetTransportSequenceNumber(2, out _).Should().BeFalse();
        packet.TryGetAudioLevel(3, out _).Should().BeFalse();
        packet.TryGetVideoOrientation(2, out _).Should().BeFalse();
        packet.TryGetMid(5, out _).Should().BeFalse();
    }

    [Fact]
    public void Sender_rewrites_transport_sequence_number_and_abs_send_time_in_place()
    {
        byte[] bytes = (byte[])Sample.Clone();
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        packet.TrySetTransportSequenceNumber(3, 0xFFFE).Should().BeTrue();
        packet.TrySetAbsSendTime(2, AbsSendTime.FromMicroseconds(1_500_000)).Should().BeTrue();
        packet.TrySetTransportSequenceNumber(9, 1).Should().BeFalse("the element must already be there");

        packet.TryGetTransportSequenceNumber(3, out ushort transportSequence).Should().BeTrue();
        transportSequence.Should().Be(0xFFFE);
        packet.TryGetAbsSendTime(2, out uint sendTime).Should().BeTrue();
        sendTime.Should().Be(0x060000u, "1.5 s is 1.5 × 2^18 in 6.18 fixed point");
        packet.Length.Should().Be(Sample.Length);
    }

    [Fact]
    public void Abs_send_time_wraps_every_64_seconds()
    {
        AbsSendTime.FromMicroseconds(0).Should().Be(0u);
        AbsSendTime.FromMicroseconds(64_000_000).Should().Be(0u);
        AbsSendTime.FromMicroseconds(63_999_999).Should().Be(0xFFFFFFu);
        AbsSendTime.FromMicroseconds(-1).Should().Be(0xFFFFFFu);
        AbsSendTime.ToMicroseconds(0x060000).Should().Be(1_500_000);
        AbsSendTime.ToMicroseconds(AbsSendTime.FromMicroseconds(12_345_678)).Should().BeInRange(12_345_674, 12_345_678);
    }

    [Fact]
    public void Typed_writers_refuse_values_their_field_cannot_hold()
    {
        byte[] one = new byte[1];

        new AudioLevelIndication(false, 128).TryWrite(one).Should().BeFalse();
        new AudioLevelIndication(false, 127).TryWrite(one).Should().BeTrue();
        one[0].Should().Be(0x7F);
        new VideoOrientation(false, false, 4).TryWrite(one).Should().BeFalse();
        new VideoOrientation(false, true, 3).TryWrite(one).Should().BeTrue();
        one[0].Should().Be(0x07);
        AbsSendTime.TryWrite(new byte[4], 1).Should().BeFalse();
        TransportSequenceNumber.TryWrite(new byte[3], 1).Should().BeFalse();
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("probator", true)]
    [InlineData("audio-1.x", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a\0", false)]
    public void Mid_must_be_an_sdp_token(string text, bool valid)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);

        SdesIdentifier.TryReadMid(bytes, out _).Should().Be(valid);
    }

    [Theory]
    [InlineData("r0", true)]
    [InlineData("hi_res-2", true)]
    [InlineData("r.0", false)]
    [InlineData("", false)]
    public void Rid_takes_letters_digits_dash_and_underscore(string text, bool valid)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);

        SdesIdentifier.TryReadRid(bytes, out _).Should().Be(valid);
        SdesIdentifier.TryReadRepairedRid(bytes, out _).Should().Be(valid);
    }
}
