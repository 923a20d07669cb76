using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

public class SdpCorpusTests
{
    public static TheoryData<string> Samples() => new(SdpSamples.Names);

    [Fact]
    public void Corpus_holds_the_browser_and_tool_samples()
    {
        SdpSamples.Names.Should().Contain(
        [
            "chromium-sendrecv-simulcast", "chromium-recvonly", "chromium-datachannel", "firefox-sendrecv-simulcast",
            "safari-sendrecv", "obs-whip", "gstreamer-webrtcbin",
        ]);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_parses_with_LF_and_with_CRLF_line_ends_to_the_same_model(string name)
    {
        string lf = SdpSamples.Text(name).ReplaceLineEndings("\n");
        SdpParser.TryParse(lf, out SessionDescription? fromLf, out string? error).Should().BeTrue(error);
        SdpParser.TryParse(lf.Replace("\n", "\r\n"), out SessionDescription? fromCrlf, out error).Should().BeTrue(error);
        fromCrlf.Should().Be(fromLf);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_survives_write_then_parse(string name)
    {
        SessionDescription sdp = SdpSamples.Parse(name);
        string written = SdpWriter.Write(sdp);
        SdpParser.TryParse(written, out SessionDescription? again, out string? error).Should().BeTrue(error);
        again.Should().Be(sdp);
        SdpWriter.Write(again!).Should().Be(written);
    }

    [Fact]
    public void Chromium_simulcast_offer_reads_field_by_field()
    {
        SessionDescription sdp = SdpSamples.Parse("chromium-sendrecv-simulcast");
        sdp.Origin.SessionId.Should().Be(4611731400430051336);
        sdp.BundleMids.Should().Equal("0", "1");
        sdp.ExtmapAllowMixed.Should().BeTrue();
        sdp.MsidSemantic.Should().Be(new SdpMsidSemantic("WMS", ["5d6a2b1c-7e0f-4c39-9a8e-1f2b3c4d5e6f"]));

        MediaDescription audio = sdp.Media[0];
        audio.Kind.Should().Be("audio");
        audio.Port.Should().Be(52814);
        audio.Connection.Should().Be(new SdpConnection("IN", "IP4", "192.168.1.23"));
        audio.Candidates.Should().HaveCount(2);
        audio.Candidates[1].Should().Be(new SdpCandidate("3870355128", 1, "tcp", 1518280447, "192.168.1.23", 9, "host")
        {
            TcpType = "active",
            Extensions = [new("generation", "0"), new("network-id", "1"), new("network-cost", "10")],
        });
        audio.RtpMapOf(111).Should().Be(new SdpRtpMap(111, "opus", 48000, 2));
        audio.FmtpOf(111)!.Get("useinbandfec").Should().Be("1");
        audio.FmtpOf(63)!.Parameters.Should().Equal(new SdpFmtpParameter("111/111", null));
        audio.Ssrcs.Should().Contain(new SdpSsrcAttribute(3735928559, "cname", "Q5m2Yc8sHkLr0aB1"));
        audio.OtherAttributes.Should().Equal(new SdpAttribute("rtcp", "9 IN IP4 0.0.0.0"));

        MediaDescription video = sdp.Media[1];
        video.Mid.Should().Be("1");
        video.Direction.Should().Be(SdpDirection.SendRecv);
        video.Setup.Should().Be(SdpSetup.Actpass);
        video.Fingerprints.Should().ContainSingle().Which.Algorithm.Should().Be("sha-256");
        video.Extmaps.Should().HaveCount(12).And.Contain(new SdpExtmap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        video.RtcpFeedbacksOf(96).Should().Contain(new SdpRtcpFeedback(96, "nack", "pli"));
        video.FmtpOf(97)!.Get("apt").Should().Be("96");
        video.Rids.Select(rid => rid.Id).Should().Equal("q", "h", "f");
        video.Simulcast!.Send.Select(stream => stream[0].Rid).Should().Equal("q", "h", "f");
        video.Simulcast.Recv.Should().BeEmpty();
    }

    [Fact]
    public void Firefox_offer_has_a_session_level_fingerprint_that_applies_to_every_section()
    {
        SessionDescription sdp = SdpSamples.Parse("firefox-sendrecv-simulcast");
        sdp.Fingerprints.Should().ContainSingle();
        foreach (MediaDescription media in sdp.Media)
        {
            media.Fingerprints.Should().BeEmpty();
            sdp.FingerprintsFor(media).Should().Equal(sdp.Fingerprints);
            sdp.IceUfragFor(media).Should().Be("3a9c0e4f");
        }

        sdp.Media[0].Extmaps.Should().Contain(new SdpExtmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", SdpDirection.RecvOnly));
        sdp.Media[0].FmtpOf(101)!.Parameters.Should().Equal(new SdpFmtpParameter("0-15", null));
        sdp.Media[1].SsrcGroups.Should().HaveCount(3).And.AllSatisfy(group => group.Semantics.Should().Be("FID"));
        sdp.Media[1].Simulcast!.Send.Should().HaveCount(3);
    }

    [Fact]
    public void Safari_offer_describes_simulcast_with_ssrc_groups()
    {
        MediaDescription video = SdpSamples.Parse("safari-sendrecv").Media[1];
        video.SsrcGroups[0].Should().Be(new SdpSsrcGroup("SIM", [2208591113, 2208591114, 2208591115]));
        video.SsrcGroups.Skip(1).Should().AllSatisfy(group => group.Semantics.Should().Be("FID"));
        video.Rids.Should().BeEmpty();
        video.Simulcast.Should().BeNull();
    }

    [Fact]
    public void Obs_whip_offer_is_sendonly_with_candidates_and_end_of_candidates()
    {
        SessionDescription sdp = SdpSamples.Parse("obs-whip");
        sdp.Groups.Should().HaveCount(2);
        sdp.IceOptions.Should().Equal("ice2,trickle");
        sdp.Media.Should().AllSatisfy(media =>
        {
            media.Direction.Should().Be(SdpDirection.SendOnly);
            media.EndOfCandidates.Should().BeTrue();
            media.Candidates.Should().HaveCount(2);
        });
        sdp.Media[0].Candidates[1].RelatedAddress.Should().Be("0.0.0.0");
        sdp.Media[0].Candidates[1].RelatedPort.Should().Be(0);
        sdp.Media[1].RtpMapOf(96)!.EncodingName.Should().Be("H264");
    }

    [Fact]
    public void GStreamer_offer_uses_named_mids_and_upper_case_opus()
    {
        SessionDescription sdp = SdpSamples.Parse("gstreamer-webrtcbin");
        sdp.BundleMids.Should().Equal("video0", "audio1");
        sdp.MediaWithMid("audio1")!.RtpMapOf(97).Should().Be(new SdpRtpMap(97, "OPUS", 48000, 2));
        sdp.Media[0].Candidates.Should().Contain(candidate => candidate.TcpType == "passive" && candidate.Port == 49725);
    }

    [Fact]
    public void Data_channel_offer_reads_sctp_port_and_message_size()
    {
        MediaDescription data = SdpSamples.Parse("chromium-datachannel").Media.Should().ContainSingle().Subject;
        data.Kind.Should().Be("application");
        data.Protocol.Should().Be("UDP/DTLS/SCTP");
        data.Formats.Should().Equal("webrtc-datachannel");
        data.SctpPort.Should().Be(5000);
        data.MaxMessageSize.Should().Be(262144);
        data.Candidates[1].Type.Should().Be("srflx");
    }
}
