using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtcp.Support;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpCorpusTests
{
    public static TheoryData<string> Samples()
    {
        var names = new TheoryData<string>();
        foreach ((string name, _) in Corpus.Load("Rtcp/Corpus"))
        {
            names.Add(name);
        }

        return names;
    }

    private static byte[] Sample(string name) => Corpus.Load("Rtcp/Corpus").Single(sample => sample.Name == name).Bytes;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Corpus_datagram_is_well_formed_and_every_packet_round_trips(string name)
    {
        byte[] datagram = Sample(name);
        RtcpCompoundReader.IsWellFormed(datagram).Should().BeTrue();

        int packets = 0;
        foreach (RtcpPacket packet in new RtcpCompoundReader(datagram))
        {
            packets++;
            if (packet.Kind == RtcpPacketKind.ApplicationDefined)
            {
                continue;
            }

            string? description = RtcpDescription.Describe(packet);
            description.Should().NotBeNull($"the corpus holds a valid {packet.Kind}");
            if (packet.Kind == RtcpPacketKind.TransportFeedback)
            {
                RtcpTransportFeedback.TryParse(packet, out RtcpTransportFeedback feedback).Should().BeTrue();
                TransportFeedbackDescription.CheckRoundTrip(feedback).Should().BeNull();
                continue;
            }

            byte[] rewritten = new byte[packet.Length + 64];
            int length = RtcpDescription.Rewrite(packet, rewritten);
            RtcpPacket.TryParse(rewritten.AsSpan(0, length), out RtcpPacket again).Should().BeTrue();
            RtcpDescription.Describe(again).Should().Be(description);
        }

        packets.Should().BePositive();
    }

    [Fact]
    public void Chrome_remb_estimate_is_read()
    {
        var kinds = new List<RtcpPacketKind>();
        ulong bitrate = 0;
        foreach (RtcpPacket packet in new RtcpCompoundReader(Sample("chrome-rr-sdes-remb.hex")))
        {
            kinds.Add(packet.Kind);
            if (RtcpRemb.TryParse(packet, out RtcpRemb remb))
            {
                bitrate = remb.Bitrate;
            }
        }

        kinds.Should().Equal(RtcpPacketKind.ReceiverReport, RtcpPacketKind.SourceDescription, RtcpPacketKind.ReceiverEstimatedMaximumBitrate);
        bitrate.Should().Be(3_222_784ul);
    }

    [Fact]
    public void Long_run_of_losses_wraps_the_sequence_number()
    {
        RtcpTransportFeedback.TryParse(Sample("transport-cc-long-run-of-losses.hex"), out RtcpTransportFeedback feedback).Should().BeTrue();

        var received = new List<ushort>();
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            if (status.IsReceived)
            {
                received.Add(status.SequenceNumber);
            }
        }

        received.Should().Equal(65400, 478, 479);
    }

    [Fact]
    public void Application_and_unregistered_packets_are_not_in_the_way()
    {
        var kinds = new List<RtcpPacketKind>();
        foreach (RtcpPacket packet in new RtcpCompoundReader(Sample("rr-app-and-unknown-type.hex")))
        {
            kinds.Add(packet.Kind);
        }

        kinds.Should().Equal(RtcpPacketKind.ReceiverReport, RtcpPacketKind.ApplicationDefined);
    }
}
