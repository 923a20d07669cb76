using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    private static List<RtcpPacketKind> KindsIn(byte[] datagram, out bool malformed)
    {
        var kinds = new List<RtcpPacketKind>();
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            kinds.Add(packet.Kind);
        }

        malformed = reader.IsMalformed;
        return kinds;
    }

    [Fact]
    public void Packets_of_a_compound_come_out_in_order()
    {
        byte[] datagram = Hex.Parse("""
            80 c8 00 06   // SR, RC=0
            00 00 00 09
            00 00 00 01
            00 00 00 02
            00 00 00 03
            00 00 00 04
            00 00 00 05
            81 ca 00 03   // SDES, SC=1
            00 00 00 09
            01 01 78 00   // CNAME "x"
            00 00 00 00
            81 ce 00 02   // PLI
            00 00 00 09
            00 00 00 0a
            """);

        KindsIn(datagram, out bool malformed).Should().Equal(
            RtcpPacketKind.SenderReport, RtcpPacketKind.SourceDescription, RtcpPacketKind.PictureLossIndication);
        malformed.Should().BeFalse();
        RtcpCompoundReader.IsWellFormed(datagram).Should().BeTrue();
    }

    [Fact]
    public void Foreach_walks_the_same_packets()
    {
        byte[] datagram = Hex.Parse("80 c9 00 01 00 00 00 01 80 c9 00 01 00 00 00 02");
        var ssrcs = new List<uint>();

        foreach (RtcpPacket packet in new RtcpCompoundReader(datagram))
        {
            RtcpReceiverReport.TryParse(packet, out RtcpReceiverReport report).Should().BeTrue();
            ssrcs.Add(report.Ssrc);
        }

        ssrcs.Should().Equal(1u, 2u);
    }

    [Fact]
    public void Unknown_types_are_skipped()
    {
        byte[] datagram = Hex.Parse("""
            80 c3 00 01   // PT=195, not an RTCP type we know
            00 00 00 00
            80 c9 00 01   // RR
            00 00 00 01
            """);

        KindsIn(datagram, out bool malformed).Should().Equal(RtcpPacketKind.ReceiverReport);
        malformed.Should().BeFalse();
    }

    [Fact]
    public void A_malformed_packet_stops_the_walk_and_is_reported()
    {
        byte[] datagram = Hex.Parse("""
            80 c9 00 01   // RR
            00 00 00 01
            80 c9 00 05   // RR claiming 24 bytes
            00 00 00 01
            """);

        KindsIn(datagram, out bool malformed).Should().Equal(RtcpPacketKind.ReceiverReport);
        malformed.Should().BeTrue();
        RtcpCompoundReader.IsWellFormed(datagram).Should().BeFalse();
    }

    [Fact]
    public void Empty_datagram_has_no_packet_and_is_not_well_formed()
    {
        KindsIn([], out bool malformed).Should().BeEmpty();
        malformed.Should().BeFalse();
        RtcpCompoundReader.IsWellFormed([]).Should().BeFalse();
    }

    [Fact]
    public void Trailing_bytes_shorter_than_a_header_are_malformed()
    {
        byte[] datagram = Hex.Parse("80 c9 00 01 00 00 00 01 80 c9");

        KindsIn(datagram, out bool malformed).Should().HaveCount(1);
        malformed.Should().BeTrue();
    }
}
