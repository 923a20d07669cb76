using System.Text.Json;
using Sfu.Transport.Ortc;
using Sfu.Transport.Sdp;
using Sfu.Transport.Sdp.Ortc;

namespace Sfu.Transport.Tests.Sdp.Ortc;

public class SdpNegotiationTests
{
    private static readonly RtpCapabilities Router =
        RouterCapabilities.Build(RouterCodecTable.AudioNames, RouterCodecTable.VideoNames).Capabilities;

    /// <summary>The transport parameters the router gives a session (PROTOCOL §6.2), as INIT_TRANSPORTS carries them.</summary>
    private static SdpServerTransport Server()
    {
        string json = TransportParametersJson.Write("t1", "srvUfrag1", "srvPasswordOf22CharsOK+",
            [Sfu.Transport.Ice.IceCandidate.HostUdp("127.0.0.1", 40000), Sfu.Transport.Ice.IceCandidate.HostTcpPassive("127.0.0.1", 40000)],
            [new FingerprintParameter("sha-512", "AA"), new FingerprintParameter("sha-256", SdpSamples.Fingerprint)]);
        using JsonDocument document = JsonDocument.Parse(json);
        SdpServerTransport.TryRead(document.RootElement, out SdpServerTransport? server, out string? error).Should().BeTrue(error);
        return server!;
    }

    private static SdpNegotiatedAnswer Publish(string sample)
    {
        SdpPublishNegotiation.TryAnswer(SdpSamples.Parse(sample), Router, Server(), out SdpNegotiatedAnswer? result, out string? error)
            .Should().BeTrue(error);
        return result!;
    }

    [Fact]
    public void Server_transport_is_read_from_the_router_parameters_with_its_sha256_fingerprint()
    {
        SdpServerTransport server = Server();
        server.IceUfrag.Should().Be("srvUfrag1");
        server.Fingerprint.Should().Be(new SdpFingerprint("sha-256", SdpSamples.Fingerprint));
        server.Candidates.Select(c => (c.Transport, c.Port, c.TcpType)).Should().Equal(("udp", 40000, null), ("tcp", 40000, "passive"));
    }

    [Fact]
    public void Server_transport_without_credentials_or_fingerprint_is_an_error_not_an_exception()
    {
        using JsonDocument empty = JsonDocument.Parse("{\"iceParameters\":{}}");
        SdpServerTransport.TryRead(empty.RootElement, out _, out string? error).Should().BeFalse();
        error.Should().Contain("ICE");
        using JsonDocument noDtls = JsonDocument.Parse("{\"iceParameters\":{\"usernameFragment\":\"a\",\"password\":\"b\"}}");
        SdpServerTransport.TryRead(noDtls.RootElement, out _, out error).Should().BeFalse();
        error.Should().Contain("fingerprint");
    }

    [Fact]
    public void Obs_offer_publishes_opus_as_audio_and_h264_as_camera_with_its_ssrcs_and_cname()
    {
        SdpNegotiatedAnswer result = Publish("obs-whip");
        result.Streams.Select(s => (s.Type, s.Kind)).Should().Equal(("audio", MediaKind.Audio), ("camera", MediaKind.Video));
        RtpParameters audio = result.Streams[0].Parameters;
        audio.Codecs.Select(c => (c.MimeType, c.PayloadType, c.Channels)).Should().Equal(("audio/opus", 111, 2));
        audio.Codecs[0].Parameters.Get("useinbandfec").Should().Be(CodecParameterValue.FromNumber(1));
        audio.Encodings.Select(e => e.Ssrc).Should().Equal(1895521041u);
        audio.Rtcp.Cname.Should().Be("obs-4d7b9e21");
        audio.Mid.Should().Be("0");
        RtpParameters video = result.Streams[1].Parameters;
        video.Codecs[0].MimeType.Should().Be("video/H264");
        video.Codecs[0].Parameters.Get("profile-level-id").Should().Be(CodecParameterValue.FromString("42e01f"));
        video.Codecs[0].Parameters.Get("packetization-mode").Should().Be(CodecParameterValue.FromNumber(1));
        result.Dtls.Role.Should().Be("client", "the offer says actpass and we answer passive (RFC 8842 §5.2)");
        result.Answer.Media.Select(m => m.Direction).Should().Equal(SdpDirection.RecvOnly, SdpDirection.RecvOnly);
    }

    [Fact]
    public void Published_parameters_are_accepted_by_the_router_mapping()
    {
        foreach (string sample in new[] { "obs-whip", "gstreamer-webrtcbin", "chromium-sendrecv-simulcast", "firefox-sendrecv-simulcast", "safari-sendrecv" })
        {
            foreach (SdpPublishedStream stream in Publish(sample).Streams)
            {
                // Through JSON, as INIT_PRODUCER carries them to the router.
                RtpParameters read = RtpParametersReader.Read(JsonDocument.Parse(OrtcJsonWriter.ToJson(stream.Parameters)).RootElement);
                var map = () => ProducerMapping.Map(read, Router, SsrcGenerator.Next);
                map.Should().NotThrow($"{sample} {stream.Type}");
            }
        }
    }

    [Fact]
    public void GStreamer_offer_with_video_first_and_upper_case_opus_publishes_camera_and_audio()
    {
        SdpNegotiatedAnswer result = Publish("gstreamer-webrtcbin");
        result.Streams.Select(s => (s.Type, s.Parameters.Mid)).Should().Equal(("camera", "video0"), ("audio", "audio1"));
        result.Streams[1].Parameters.Codecs[0].MimeType.Should().Be("audio/OPUS", "kept as offered; matching ignores case");
        result.Streams[1].Parameters.Encodings.Select(e => e.Ssrc).Should().Equal(2750319814u);
    }

    [Fact]
    public void Chromium_simulcast_offer_publishes_one_encoding_per_rid_and_vp8_with_rtx()
    {
        SdpNegotiatedAnswer result = Publish("chromium-sendrecv-simulcast");
        RtpParameters camera = result.Streams.Single(s => s.Type == "camera").Parameters;
        camera.Codecs.Select(c => c.MimeType).Should().Equal("video/VP8", "video/rtx");
        camera.Encodings.Should().OnlyContain(e => e.Rid != null && e.Ssrc == null);
        camera.Encodings.Should().HaveCountGreaterThan(1);
        camera.HeaderExtensions.Should().Contain(e => e.Uri == "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
    }

    [Fact]
    public void Offer_that_only_receives_cannot_publish()
    {
        SdpPublishNegotiation.TryAnswer(SdpSamples.Parse("chromium-recvonly"), Router, Server(), out _, out string? error).Should().BeFalse();
        error.Should().Contain("sends no audio or video");
    }

    [Fact]
    public void Play_answers_sendonly_with_the_consumer_ssrc_codec_and_cname_in_the_offer_numbering()
    {
        SessionDescription offer = SdpSamples.Parse("chromium-recvonly");
        IReadOnlyDictionary<string, string> mids = SdpPlayNegotiation.MidsByType(offer);
        mids.Keys.Should().BeEquivalentTo("audio", "camera");

        // A camera producer as mediasoup-client sends VP8, consumed for this offer in its own numbering.
        RtpCapabilities client = SdpReceiveCapabilities.FromOffer(offer);
        RtpParameters consumable = ConsumableParameters.Build(MediaKind.Video, VideoProducer(), Router,
            ProducerMapping.Map(VideoProducer(), Router, SsrcGenerator.Next).Mapping);
        RtpCapabilities matched = ClientNumbering.WithRouterExtensionIds(client, Router);
        RtpParameters consumer = ClientNumbering.ToClient(
            ConsumerParameters.Build(consumable, matched, pipe: false, enableRtx: true, SsrcGenerator.Next) with { Mid = mids["camera"] },
            client);

        MediaDescription offeredVideo = offer.MediaWithMid(mids["camera"])!;
        int vp8 = offeredVideo.PayloadTypes().First(pt => offeredVideo.RtpMapOf(pt)!.EncodingName == "VP8");
        consumer.Codecs[0].PayloadType.Should().Be(vp8);
        consumer.Codecs[1].Parameters.Get("apt").Should().Be(CodecParameterValue.FromNumber(vp8));
        foreach (RtpHeaderExtensionParameters extension in consumer.HeaderExtensions)
        {
            offeredVideo.Extmaps.Should().Contain(e => e.Uri == extension.Uri && e.Id == extension.Id);
        }

        SdpPlayNegotiation.TryAnswer(offer, Router, Server(), [new SdpForwardedStream("camera", consumer)], "sfu-7",
            out SdpNegotiatedAnswer? result, out string? error).Should().BeTrue(error);
        MediaDescription video = result!.Answer.MediaWithMid(mids["camera"])!;
        video.Direction.Should().Be(SdpDirection.SendOnly);
        video.Formats[0].Should().Be(vp8.ToString(System.Globalization.CultureInfo.InvariantCulture));
        video.Ssrcs.Should().Contain(s => s.Ssrc == consumer.Encodings[0].Ssrc && s.Name == "cname" && s.Value == "sfu-cname");
        video.SsrcGroups.Should().ContainSingle(g => g.Semantics == SdpSsrcGroup.Fid);
        MediaDescription audio = result.Answer.MediaWithMid(mids["audio"])!;
        audio.Direction.Should().Be(SdpDirection.SendOnly, "the audio section waits for a stream");
        audio.Ssrcs.Should().BeEmpty();
    }

    private static RtpParameters VideoProducer() => new(
        [
            new RtpCodecParameters("video/VP8", 96, 90000, null, CodecParameters.Empty, [RtcpFeedback.Nack, RtcpFeedback.NackPli]),
            new RtpCodecParameters("video/rtx", 97, 90000, null, CodecParameters.Of(("apt", 96)), []),
        ],
        [new RtpHeaderExtensionParameters("urn:ietf:params:rtp-hdrext:sdes:mid", 4)],
        [new RtpEncodingParameters { Ssrc = 1111, Rtx = new RtxParameters(2222) }],
        new RtcpParameters("sfu-cname", true, true),
        Mid: "1");

    [Fact]
    public void Mutated_offers_are_answered_or_refused_with_a_reason_never_with_an_exception()
    {
        string[][] samples = SdpSamples.Names.Select(name => SdpSamples.Text(name).ReplaceLineEndings("\n").Split('\n')).ToArray();
        var random = new Random(9725);
        SdpServerTransport server = Server();
        int answered = 0;
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            string text = SdpMutationTests.Mutate(samples[iteration % samples.Length], random);
            if (!SdpParser.TryParse(text, out SessionDescription? offer, out _))
            {
                continue;
            }

            try
            {
                var outcomes = new (bool Ok, string? Error, SdpNegotiatedAnswer? Result)[3];
                outcomes[0] = (SdpPublishNegotiation.TryAnswer(offer, Router, server, out SdpNegotiatedAnswer? published, out string? error), error, published);
                outcomes[1] = (SdpPlayNegotiation.TryAnswer(offer, Router, server, [], "s", out SdpNegotiatedAnswer? played, out error), error, played);
                outcomes[2] = (SdpConverseNegotiation.TryAnswer(offer, Router, server, "c", out SdpNegotiatedAnswer? conversed, out error), error, conversed);
                foreach ((bool ok, string? reason, SdpNegotiatedAnswer? result) in outcomes)
                {
                    if (!ok)
                    {
                        reason.Should().NotBeNullOrEmpty();
                        continue;
                    }

                    answered++;
                    SdpParser.TryParse(SdpWriter.Write(result!.Answer), out _, out string? reread).Should().BeTrue(reread);
                    foreach (SdpPublishedStream stream in result.Streams)
                    {
                        // What the router does with INIT_PRODUCER: an offer we answered must also produce.
                        RtpParameters read = RtpParametersReader.Read(JsonDocument.Parse(OrtcJsonWriter.ToJson(stream.Parameters)).RootElement);
                        ProducerMapping.Map(read, Router, SsrcGenerator.Next);
                    }
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} threw {exception} on:\n{text}");
            }
        }

        answered.Should().BeGreaterThan(1000, "mutations must also reach the answering paths");
    }

    [Fact]
    public void Fmtp_values_are_numbers_only_when_they_read_back_the_same()
    {
        SdpFmtpValues.Typed("1").Should().Be(CodecParameterValue.FromNumber(1));
        SdpFmtpValues.Typed("42e01f").Should().Be(CodecParameterValue.FromString("42e01f"));
        SdpFmtpValues.Typed("01").Should().Be(CodecParameterValue.FromString("01"));
        SdpFmtpValues.Typed("1e3").Should().Be(CodecParameterValue.FromString("1e3"));
    }
}
