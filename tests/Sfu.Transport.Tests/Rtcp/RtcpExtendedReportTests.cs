using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpExtendedReportTests
{
    private static readonly byte[] ReceiverReferenceTime = Hex.Parse("""
        80 cf 00 04   // V=2 P=0 reserved PT=XR=207 length=4
        00 00 00 01   // SSRC
        04 00 00 02   // BT=4 (RRTR) | reserved | block length=2
        e9 4f 2c 80   // NTP timestamp, most significant word
        12 34 56 78   // NTP timestamp, least significant word
        """);

    private static readonly byte[] Dlrr = Hex.Parse("""
        80 cf 00 08   // V=2 P=0 reserved PT=XR=207 length=8
        5d 2a 91 c7   // SSRC
        05 00 00 06   // BT=5 (DLRR) | reserved | block length=6
        00 00 00 01   // SSRC_1
        2c 80 12 34   // last RR (LRR)
        00 00 40 00   // delay since last RR (DLRR), a quarter second
        00 00 00 02   // SSRC_2
        2c 81 00 00   // last RR (LRR)
        00 01 00 00   // delay since last RR (DLRR), one second
        """);

    [Fact]
    public void Receiver_reference_time_block_gives_the_ntp_time()
    {
        RtcpExtendedReport.TryParse(ReceiverReferenceTime, out RtcpExtendedReport xr).Should().BeTrue();

        xr.Ssrc.Should().Be(1);
        xr.TryGetReceiverReferenceTime(out ulong ntp).Should().BeTrue();
        ntp.Should().Be(0xe94f2c8012345678);
        xr.TryGetDlrr(out _).Should().BeFalse();
    }

    [Fact]
    public void Receiver_reference_time_writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[32];
        var writer = new RtcpExtendedReportWriter(buffer, 1);

        writer.TryAddReceiverReferenceTime(0xe94f2c8012345678).Should().BeTrue();
        writer.TryFinish(out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(ReceiverReferenceTime));
    }

    [Fact]
    public void Dlrr_block_lists_one_sub_block_per_receiver()
    {
        RtcpExtendedReport.TryParse(Dlrr, out RtcpExtendedReport xr).Should().BeTrue();

        xr.TryGetDlrr(out RtcpDlrrBlock dlrr).Should().BeTrue();
        dlrr.Count.Should().Be(2);
        dlrr.GetSubBlock(0).Should().Be(new RtcpDlrrSubBlock(1, 0x2c801234, 0x4000));
        dlrr.GetSubBlock(1).Should().Be(new RtcpDlrrSubBlock(2, 0x2c810000, 0x10000));
    }

    [Fact]
    public void Dlrr_writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[64];
        var writer = new RtcpExtendedReportWriter(buffer, 0x5d2a91c7);

        writer.TryAddDlrr([new RtcpDlrrSubBlock(1, 0x2c801234, 0x4000), new RtcpDlrrSubBlock(2, 0x2c810000, 0x10000)]).Should().BeTrue();
        writer.TryFinish(out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(Dlrr));
    }

    [Fact]
    public void Unknown_block_types_are_skipped_by_the_typed_getters()
    {
        byte[] bytes = Hex.Parse("""
            80 cf 00 06   // V=2 P=0 reserved PT=XR=207 length=6
            00 00 00 01   // SSRC
            06 e0 00 01   // BT=6 (statistics summary) | flags | block length=1
            aa bb cc dd   // contents
            04 00 00 02   // BT=4 (RRTR) | reserved | block length=2
            00 00 00 00   // NTP timestamp, most significant word
            00 00 00 09   // NTP timestamp, least significant word
            """);

        RtcpExtendedReport.TryParse(bytes, out RtcpExtendedReport xr).Should().BeTrue();

        var types = new List<RtcpXrBlockType>();
        foreach (RtcpXrBlock block in xr.Blocks)
        {
            types.Add(block.Type);
        }

        types.Should().Equal(RtcpXrBlockType.StatisticsSummary, RtcpXrBlockType.ReceiverReferenceTime);
        xr.TryGetReceiverReferenceTime(out ulong ntp).Should().BeTrue();
        ntp.Should().Be(9);
    }

    [Fact]
    public void Block_running_past_the_packet_is_invalid()
    {
        byte[] bytes = (byte[])ReceiverReferenceTime.Clone();
        bytes[11] = 3;

        RtcpExtendedReport.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Receiver_reference_time_of_the_wrong_size_is_invalid()
    {
        byte[] bytes = Hex.Parse("""
            80 cf 00 03   // V=2 P=0 reserved PT=XR=207 length=3
            00 00 00 01   // SSRC
            04 00 00 01   // BT=4 (RRTR) with block length=1 instead of 2
            00 00 00 00
            """);

        RtcpExtendedReport.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Dlrr_that_is_not_whole_sub_blocks_is_invalid()
    {
        byte[] bytes = Hex.Parse("""
            80 cf 00 04   // V=2 P=0 reserved PT=XR=207 length=4
            00 00 00 01   // SSRC
            05 00 00 02   // BT=5 (DLRR) with block length=2, not a multiple of 3
            00 00 00 01
            00 00 00 02
            """);

        RtcpExtendedReport.TryParse(bytes, out _).Should().BeFalse();
    }
}
