using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpReportBlockTests
{
    [Fact]
    public void Block_is_24_bytes_and_round_trips()
    {
        var block = new RtcpReportBlock(0x01020304, 0x80, 0x123456, 0x00010002, 7, 0xAABBCCDD, 0x00010000);
        byte[] bytes = new byte[24];

        block.TryWrite(bytes).Should().BeTrue();

        Hex.Format(bytes).Should().Be(Hex.Format(Hex.Parse("""
            01 02 03 04   // SSRC
            80 12 34 56   // fraction lost 128/256 | cumulative lost
            00 01 00 02   // extended highest sequence number: cycle 1, sequence 2
            00 00 00 07   // jitter
            aa bb cc dd   // LSR
            00 01 00 00   // DLSR, one second
            """)));
        RtcpReportBlock.TryRead(bytes, out RtcpReportBlock read).Should().BeTrue();
        read.Should().Be(block);
    }

    [Fact]
    public void Cumulative_loss_beyond_24_bits_is_clamped_when_written()
    {
        byte[] bytes = new byte[24];

        new RtcpReportBlock(1, 0, 10_000_000, 0, 0, 0, 0).TryWrite(bytes).Should().BeTrue();
        RtcpReportBlock.TryRead(bytes, out RtcpReportBlock high).Should().BeTrue();
        new RtcpReportBlock(1, 0, -10_000_000, 0, 0, 0, 0).TryWrite(bytes).Should().BeTrue();
        RtcpReportBlock.TryRead(bytes, out RtcpReportBlock low).Should().BeTrue();

        high.CumulativeLost.Should().Be(RtcpReportBlock.MaxCumulativeLost);
        low.CumulativeLost.Should().Be(RtcpReportBlock.MinCumulativeLost);
    }

    [Fact]
    public void Short_buffers_are_refused()
    {
        RtcpReportBlock.TryRead(new byte[23], out _).Should().BeFalse();
        default(RtcpReportBlock).TryWrite(new byte[23]).Should().BeFalse();
    }
}
