using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpFullIntraRequestTests
{
    private static readonly byte[] Fir = Hex.Parse("""
        84 ce 00 06   // V=2 P=0 FMT=4 PT=PSFB=206 length=6
        00 00 00 01   // SSRC of packet sender
        00 00 00 00   // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
        5d 2a 91 c7   // SSRC
        07 00 00 00   // Seq nr. 7 | reserved
        9a 4b 3c 2d   // SSRC
        08 00 00 00   // Seq nr. 8 | reserved
        """);

    [Fact]
    public void Entries_carry_ssrc_and_command_sequence_number()
    {
        RtcpFullIntraRequest.TryParse(Fir, out RtcpFullIntraRequest fir).Should().BeTrue();

        fir.SenderSsrc.Should().Be(1);
        fir.MediaSsrc.Should().Be(0);
        fir.EntryCount.Should().Be(2);
        fir.GetEntry(0).Should().Be(new RtcpFirEntry(0x5d2a91c7, 7));
        fir.GetEntry(1).Should().Be(new RtcpFirEntry(0x9a4b3c2d, 8));
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[28];

        RtcpFullIntraRequest.TryWrite(buffer, 1, 0, [new RtcpFirEntry(0x5d2a91c7, 7), new RtcpFirEntry(0x9a4b3c2d, 8)], out int length)
            .Should().BeTrue();

        buffer.AsSpan(0, length).ToArray().Should().Equal(Fir);
    }

    [Fact]
    public void Fir_without_entries_or_with_a_partial_entry_is_invalid()
    {
        RtcpFullIntraRequest.TryParse(Hex.Parse("84 ce 00 02 00 00 00 01 00 00 00 00"), out _).Should().BeFalse();
        RtcpFullIntraRequest.TryParse(Hex.Parse("84 ce 00 03 00 00 00 01 00 00 00 00 00 00 00 05"), out _).Should().BeFalse();
        RtcpFullIntraRequest.TryWrite(new byte[64], 1, 0, [], out _).Should().BeFalse();
    }
}
