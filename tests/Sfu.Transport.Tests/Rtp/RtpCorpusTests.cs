using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

public class RtpCorpusTests
{
    public static TheoryData<string> Samples()
    {
        var names = new TheoryData<string>();
        foreach ((string name, _) in Corpus.Load("Rtp/Corpus"))
        {
            names.Add(name);
        }

        return names;
    }

    private static byte[] Sample(string name) => Corpus.Load("Rtp/Corpus").Single(sample => sample.Name == name).Bytes;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Corpus_packet_parses_and_round_trips_through_the_writer(string name)
    {
        byte[] bytes = Sample(name);
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();

        byte[] rewritten = new byte[bytes.Length * 2 + 64];
        int length = RtpDescription.Rewrite(packet, rewritten);

        RtpPacket.TryParse(rewritten, length, out RtpPacket reparsed).Should().BeTrue();
        RtpDescription.Describe(reparsed).Should().Be(RtpDescription.Describe(packet));
    }

    [Fact]
    public void Chrome_camera_packet_is_identified_by_mid_and_carries_transport_wide_sequence()
    {
        RtpPacket.TryParse(Sample("chrome-vp8-keyframe-mid-abs-twcc.hex"), out RtpPacket packet).Should().BeTrue();

        packet.PayloadType.Should().Be(96);
        packet.Marker.Should().BeTrue();
        packet.TryGetMid(4, out ReadOnlySpan<byte> mid).Should().BeTrue();
        SdesIdentifier.Matches(mid, "0").Should().BeTrue();
        packet.TryGetTransportSequenceNumber(3, out ushort transportSequence).Should().BeTrue();
        transportSequence.Should().Be(425);
    }

    [Fact]
    public void Chrome_probe_is_all_padding()
    {
        RtpPacket.TryParse(Sample("chrome-rtx-padding-probe.hex"), out RtpPacket packet).Should().BeTrue();

        packet.PayloadLength.Should().Be(0);
        packet.PaddingLength.Should().Be(64);
    }

    [Fact]
    public void Probation_packet_names_the_probator_mid()
    {
        RtpPacket.TryParse(Sample("sfu-probation.hex"), out RtpPacket packet).Should().BeTrue();

        packet.Ssrc.Should().Be(1234);
        packet.PayloadType.Should().Be(127);
        packet.TryGetMid(1, out ReadOnlySpan<byte> mid).Should().BeTrue();
        SdesIdentifier.Matches(mid, "probator").Should().BeTrue();
    }
}
