using System.Text;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpByeTests
{
    private static readonly byte[] ByeWithReason = Hex.Parse("""
        81 cb 00 03   // V=2 P=0 SC=1 PT=BYE=203 length=3
        5d 2a 91 c7   // SSRC
        05 67 6f 6e   // length=5 "gon
        65 21 00 00   // e!" | padding to the word
        """);

    [Fact]
    public void Sources_and_reason_are_read()
    {
        RtcpBye.TryParse(ByeWithReason, out RtcpBye bye).Should().BeTrue();

        bye.SourceCount.Should().Be(1);
        bye.GetSsrc(0).Should().Be(0x5d2a91c7);
        Encoding.ASCII.GetString(bye.Reason).Should().Be("gone!");
    }

    [Fact]
    public void Writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[32];

        RtcpBye.TryWrite(buffer, [0x5d2a91c7], "gone!"u8, out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(ByeWithReason));
    }

    [Fact]
    public void Bye_without_reason_lists_only_sources()
    {
        byte[] bytes = Hex.Parse("""
            82 cb 00 02   // V=2 P=0 SC=2 PT=BYE=203 length=2
            00 00 00 01   // SSRC 1
            00 00 00 02   // SSRC 2
            """);

        RtcpBye.TryParse(bytes, out RtcpBye bye).Should().BeTrue();

        bye.SourceCount.Should().Be(2);
        bye.GetSsrc(1).Should().Be(2);
        bye.Reason.IsEmpty.Should().BeTrue();
        byte[] written = new byte[12];
        RtcpBye.TryWrite(written, [1, 2], ReadOnlySpan<byte>.Empty, out int length).Should().BeTrue();
        written.AsSpan(0, length).ToArray().Should().Equal(bytes);
    }

    [Fact]
    public void Reason_longer_than_the_packet_is_invalid()
    {
        byte[] bytes = (byte[])ByeWithReason.Clone();
        bytes[8] = 9;

        RtcpBye.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Source_count_beyond_the_packet_is_invalid()
    {
        byte[] bytes = (byte[])ByeWithReason.Clone();
        bytes[0] = 0x84;

        RtcpBye.TryParse(bytes, out _).Should().BeFalse();
    }
}
