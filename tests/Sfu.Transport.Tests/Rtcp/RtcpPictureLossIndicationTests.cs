using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpPictureLossIndicationTests
{
    private static readonly byte[] Pli = Hex.Parse("""
        81 ce 00 02   // V=2 P=0 FMT=1 PT=PSFB=206 length=2
        5d 2a 91 c7   // SSRC of packet sender
        5d 2a 91 c7   // SSRC of media source (mediasoup puts the stream's SSRC in both)
        """);

    [Fact]
    public void Pli_names_sender_and_media_source()
    {
        RtcpPictureLossIndication.TryParse(Pli, out RtcpPictureLossIndication pli).Should().BeTrue();

        pli.SenderSsrc.Should().Be(0x5d2a91c7);
        pli.MediaSsrc.Should().Be(0x5d2a91c7);
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[12];

        RtcpPictureLossIndication.TryWrite(buffer, 0x5d2a91c7, 0x5d2a91c7, out int length).Should().BeTrue();

        length.Should().Be(12);
        buffer.Should().Equal(Pli);
        RtcpPictureLossIndication.TryWrite(new byte[11], 1, 2, out _).Should().BeFalse();
    }

    [Fact]
    public void Pli_is_recognised_by_its_format_and_type()
    {
        RtcpPacket.TryParse(Pli, out RtcpPacket packet).Should().BeTrue();
        packet.Kind.Should().Be(RtcpPacketKind.PictureLossIndication);

        byte[] rtpfb = (byte[])Pli.Clone();
        rtpfb[1] = 205;
        RtcpPictureLossIndication.TryParse(rtpfb, out _).Should().BeFalse();
        RtcpPictureLossIndication.TryParse(Pli.AsSpan(0, 8), out _).Should().BeFalse();
    }
}
