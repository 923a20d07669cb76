using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

public class SdpAnswerBuilderTests
{
    public static TheoryData<string> Samples() => new(SdpSamples.Names);

    private static SessionDescription Answer(string name, SdpAnswerOptions? options = null)
    {
        SessionDescription offer = SdpSamples.Parse(name);
        SdpAnswerBuilder.TryBuild(offer, options ?? SdpSamples.ServerSide(), out SessionDescription? answer, out string? error).Should().BeTrue(error);
        return answer!;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Answer_keeps_mids_and_order_and_survives_write_then_parse(string name)
    {
        SessionDescription offer = SdpSamples.Parse(name);
        SessionDescription answer = Answer(name, SdpSamples.ServerSide() with { DataChannel = new SdpDataChannelCapability() });
        answer.Media.Select(m => m.Mid).Should().Equal(offer.Media.Select(m => m.Mid));
        answer.Media.Select(m => m.Kind).Should().Equal(offer.Media.Select(m => m.Kind));
        answer.IceLite.Should().BeTrue();
        SdpParser.TryParse(SdpWriter.Write(answer), out SessionDescription? again, out string? error).Should().BeTrue(error);
        again.Should().Be(answer);
        foreach (MediaDescription section in answer.Media.Where(m => !m.IsRejected))
        {
            section.Setup.Should().Be(SdpSetup.Passive);
            section.IceUfrag.Should().Be("srvUfrag1");
            section.Fingerprints.Should().Equal(new SdpFingerprint("sha-256", SdpSamples.Fingerprint));
            section.Candidates.Should().HaveCount(2);
            section.EndOfCandidates.Should().BeTrue();
            section.Port.Should().Be(40000);
            section.Connection.Should().Be(new SdpConnection("IN", "IP4", "127.0.0.1"));
        }
    }

    [Fact]
    public void Chromium_simulcast_offer_gets_vp8_with_rtx_recvonly_and_recv_simulcast()
    {
        SessionDescription answer = Answer("chromium-sendrecv-simulcast");
        answer.BundleMids.Should().Equal("0", "1");
        answer.ExtmapAllowMixed.Should().BeTrue();

        MediaDescription audio = answer.Media[0];
        audio.Formats.Should().Equal("111");
        audio.Direction.Should().Be(SdpDirection.RecvOnly);
        audio.RtpMaps.Should().Equal(new SdpRtpMap(111, "opus", 48000, 2));
        audio.Fmtps.Should().Equal(new SdpFmtp(111, [new("minptime", "10"), new("useinbandfec", "1")]));
        audio.RtcpFeedbacks.Should().Equal(new SdpRtcpFeedback(111, "transport-cc"));
        audio.Extmaps.Select(e => e.Id).Should().Equal(1, 2, 3, 4);
        audio.RtcpMux.Should().BeTrue();
        audio.RtcpReducedSize.Should().BeTrue();

        MediaDescription video = answer.Media[1];
        video.Formats.Should().Equal("96", "97");
        video.Direction.Should().Be(SdpDirection.RecvOnly);
        video.RtpMaps.Should().Equal(new SdpRtpMap(96, "VP8", 90000), new SdpRtpMap(97, "rtx", 90000));
        video.Fmtps.Should().Equal(new SdpFmtp(97, [new("apt", "96")]));
        video.RtcpFeedbacks.Should().Equal(
            new SdpRtcpFeedback(96, "transport-cc"), new SdpRtcpFeedback(96, "ccm", "fir"),
            new SdpRtcpFeedback(96, "nack"), new SdpRtcpFeedback(96, "nack", "pli"));
        video.Extmaps.Select(e => e.Id).Should().Equal(2, 13, 3, 4, 10, 11);
        video.Rids.Should().Equal(new SdpRid("q", SdpRidDirection.Recv), new SdpRid("h", SdpRidDirection.Recv), new SdpRid("f", SdpRidDirection.Recv));
        video.Simulcast!.Recv.Select(s => s.Single().Rid).Should().Equal("q", "h", "f");
        video.Simulcast.Send.Should().BeEmpty();
        video.Ssrcs.Should().BeEmpty();
    }

    [Fact]
    public void Recvonly_offer_gets_sendonly_sections_with_our_sources()
    {
        var stream = new SdpSendStream(1111, "sfu-cname", "stream-a", "track-a") { RtxSsrc = 2222 };
        SessionDescription answer = Answer("chromium-recvonly", SdpSamples.ServerSide() with { Plan = _ => SdpMediaPlan.Sending(stream) });
        MediaDescription video = answer.Media[1];
        video.Direction.Should().Be(SdpDirection.SendOnly);
        video.Msids.Should().Equal(new SdpMsid("stream-a", "track-a"));
        video.SsrcGroups.Should().Equal(new SdpSsrcGroup("FID", [1111, 2222]));
        video.Ssrcs.Should().Contain(new SdpSsrcAttribute(2222, "cname", "sfu-cname"));
        video.Rids.Should().BeEmpty();
        answer.Media[0].Ssrcs.Select(s => s.Ssrc).Distinct().Should().Equal(1111u);
    }

    [Fact]
    public void Data_channel_section_is_rejected_without_data_channel_support_and_accepted_with_it()
    {
        Answer("chromium-datachannel").Media[0].Port.Should().Be(0);
        Answer("chromium-datachannel").BundleMids.Should().BeEmpty();

        MediaDescription data = Answer("chromium-datachannel", SdpSamples.ServerSide() with { DataChannel = new SdpDataChannelCapability(5000, 65536) }).Media[0];
        data.Port.Should().Be(40000);
        data.Formats.Should().Equal("webrtc-datachannel");
        data.SctpPort.Should().Be(5000);
        data.MaxMessageSize.Should().Be(65536);
    }

    [Fact]
    public void Firefox_offer_takes_the_session_level_fingerprint_and_answers_vp8_rtx_124()
    {
        SessionDescription answer = Answer("firefox-sendrecv-simulcast");
        MediaDescription video = answer.Media[1];
        video.Formats.Should().Equal("120", "124");
        video.Extmaps.Should().Contain(new SdpExtmap(3, "urn:ietf:params:rtp-hdrext:sdes:mid"));
        video.Simulcast!.Recv.Should().HaveCount(3);
        answer.Media[0].Extmaps.Should().NotContain(e => e.Uri.Contains("csrc-audio-level"));
    }

    [Fact]
    public void Safari_offer_skips_h264_high_profile_and_picks_constrained_baseline()
    {
        MediaDescription video = Answer("safari-sendrecv").Media[1];
        video.Formats.Should().Equal("98", "99");
        video.FmtpOf(98)!.Get("profile-level-id").Should().Be("42e01f");
    }

    [Fact]
    public void Obs_whip_offer_gets_recvonly_h264_and_opus_with_setup_passive()
    {
        SessionDescription answer = Answer("obs-whip");
        answer.Media.Select(m => m.Direction).Should().Equal(SdpDirection.RecvOnly, SdpDirection.RecvOnly);
        answer.Media[1].RtpMaps.Should().Equal(new SdpRtpMap(96, "H264", 90000));
        answer.Media[1].RtcpFeedbacks.Should().Equal(new SdpRtcpFeedback(96, "nack"), new SdpRtcpFeedback(96, "nack", "pli"));
        answer.Media[0].RtcpReducedSize.Should().BeFalse("OBS did not offer rtcp-rsize");
    }

    [Fact]
    public void GStreamer_offer_matches_upper_case_opus_and_keeps_named_mids_in_bundle()
    {
        SessionDescription answer = Answer("gstreamer-webrtcbin");
        answer.BundleMids.Should().Equal("video0", "audio1");
        answer.Media[1].RtpMaps.Should().Equal(new SdpRtpMap(97, "OPUS", 48000, 2));
        answer.Media[0].Extmaps.Should().Equal(new SdpExtmap(1, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
    }

    [Fact]
    public void Section_without_a_supported_codec_is_rejected_with_port_0_and_left_out_of_bundle()
    {
        SdpAnswerOptions audioOnly = SdpSamples.ServerSide() with { Codecs = [SdpSamples.Codecs[0]] };
        SessionDescription answer = Answer("chromium-sendrecv-simulcast", audioOnly);
        answer.Media[1].Port.Should().Be(0);
        answer.Media[1].Mid.Should().Be("1");
        answer.BundleMids.Should().Equal("0");
    }

    [Theory]
    [InlineData(SdpSetup.Active, SdpSetup.Passive)]
    [InlineData(SdpSetup.Passive, SdpSetup.Active)]
    public void Answer_takes_the_dtls_role_the_offer_leaves(SdpSetup offered, SdpSetup expected)
    {
        SessionDescription offer = SdpSamples.Parse("obs-whip");
        offer = offer with { Media = ValueList.From(offer.Media.Select(m => m with { Setup = offered })) };
        SdpAnswerBuilder.TryBuild(offer, SdpSamples.ServerSide(), out SessionDescription? answer, out _).Should().BeTrue();
        answer!.Media.Should().AllSatisfy(m => m.Setup.Should().Be(expected));
    }

    [Fact]
    public void Offer_without_ice_credentials_is_refused_with_a_reason()
    {
        SessionDescription offer = SdpSamples.Parse("obs-whip");
        offer = offer with { Media = ValueList.From(offer.Media.Select(m => m with { IceUfrag = null })) };
        SdpAnswerBuilder.TryBuild(offer, SdpSamples.ServerSide(), out _, out string? error).Should().BeFalse();
        error.Should().Contain("media section 1").And.Contain("ICE");
    }
}
