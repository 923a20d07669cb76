using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpCompoundWriterTests
{
    [Fact]
    public void Sender_report_cname_and_dlrr_make_one_datagram()
    {
        byte[] buffer = new byte[200];
        var compound = new RtcpCompoundWriter(buffer);

        RtcpSenderReport.TryWrite(compound.Free, 0x1b2c3d4e, new RtcpSenderInfo(0xe94f2c9180000000, 0x002b7000, 512, 393216), [], out int sr).Should().BeTrue();
        compound.TryCommit(sr).Should().BeTrue();
        RtcpSourceDescriptionWriter.TryWriteCanonicalName(compound.Free, 0x1b2c3d4e, "cons"u8, out int sdes).Should().BeTrue();
        compound.TryCommit(sdes).Should().BeTrue();
        var xr = new RtcpExtendedReportWriter(compound.Free, 0x1b2c3d4e);
        xr.TryAddDlrr([new RtcpDlrrSubBlock(1, 0x2c900000, 0x800)]).Should().BeTrue();
        xr.TryFinish(out int xrLength).Should().BeTrue();
        compound.TryCommit(xrLength).Should().BeTrue();

        Hex.Format(compound.Written).Should().Be(Hex.Format(Corpus.Load("Rtcp/Corpus").Single(sample => sample.Name == "sfu-sr-sdes-xr-dlrr.hex").Bytes));
    }

    [Fact]
    public void Commit_refuses_anything_but_one_whole_packet()
    {
        byte[] buffer = new byte[64];
        var compound = new RtcpCompoundWriter(buffer);
        RtcpPictureLossIndication.TryWrite(compound.Free, 1, 2, out int pli).Should().BeTrue();

        compound.TryCommit(pli - 4).Should().BeFalse();
        compound.TryCommit(pli + 4).Should().BeFalse();
        compound.TryCommit(0).Should().BeFalse();
        compound.TryCommit(pli).Should().BeTrue();

        compound.Length.Should().Be(12);
    }

    [Fact]
    public void Appending_copies_a_built_packet_when_it_fits()
    {
        byte[] pli = new byte[12];
        RtcpPictureLossIndication.TryWrite(pli, 1, 2, out _).Should().BeTrue();
        var compound = new RtcpCompoundWriter(new byte[20]);

        compound.TryAppend(pli).Should().BeTrue();
        compound.TryAppend(pli).Should().BeFalse();
        compound.TryAppend(pli.AsSpan(0, 8)).Should().BeFalse();

        compound.Written.ToArray().Should().Equal(pli);
    }
}
