using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>PROTOCOL §6.5, §6.6.3–§6.6.5: the individual rules on small hand-made inputs.</summary>
public class OrtcRuleTests
{
    private const string Vp8WithRtx =
        "{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"rtcpFeedback\":[{\"type\":\"nack\"},{\"type\":\"goog-remb\"},{\"type\":\"transport-cc\"}]}," +
        "{\"mimeType\":\"video/rtx\",\"payloadType\":97,\"clockRate\":90000,\"parameters\":{\"apt\":96}}";

    private readonly RtpCapabilities router = OrtcSamples.DefaultRouter;

    [Fact]
    public void Producer_with_a_codec_the_router_lacks_is_unsupported()
    {
        RtpParameters av1 = OrtcSamples.ReadParameters("{\"codecs\":[{\"mimeType\":\"video/AV1\",\"payloadType\":45,\"clockRate\":90000}]}");

        Action map = () => ProducerMapping.Map(av1, router, SsrcGenerator.Next);

        map.Should().Throw<OrtcException>().WithMessage("unsupported codec [mimeType:video/AV1, payloadType:45]");
    }

    [Fact]
    public void Producer_h264_with_another_packetization_mode_is_unsupported()
    {
        RtpParameters h264 = OrtcSamples.ReadParameters(
            "{\"codecs\":[{\"mimeType\":\"video/H264\",\"payloadType\":102,\"clockRate\":90000,\"parameters\":{\"profile-level-id\":\"42e01f\"}}]}");

        Action map = () => ProducerMapping.Map(h264, router, SsrcGenerator.Next);

        map.Should().Throw<OrtcException>().WithMessage("unsupported codec*");
    }

    [Fact]
    public void Producer_rtx_needs_an_rtx_companion_on_the_router()
    {
        RtpCapabilities noRtx = router with { Codecs = [.. router.Codecs.Where(c => !c.IsRtx())] };

        Action map = () => ProducerMapping.Map(OrtcSamples.ReadParameters("{\"codecs\":[" + Vp8WithRtx + "]}"), noRtx, SsrcGenerator.Next);

        map.Should().Throw<OrtcException>().WithMessage("no RTX codec for capability codec PT 101");
    }

    [Fact]
    public void Mapped_ssrcs_come_from_the_generator_and_stay_in_mediasoup_range()
    {
        RtpParameters p = OrtcSamples.ReadParameters("{\"codecs\":[" + Vp8WithRtx + "],\"encodings\":[{\"rid\":\"a\"},{\"rid\":\"b\"}]}");

        for (int seed = 0; seed < 200; seed++)
        {
            RtpMapping mapping = ProducerMapping.Map(p, router, SsrcGenerator.Seeded(seed)).Mapping;
            mapping.Encodings[0].MappedSsrc.Should().BeInRange(SsrcGenerator.Min, SsrcGenerator.Max);
            mapping.Encodings[1].MappedSsrc.Should().Be(mapping.Encodings[0].MappedSsrc + 1);
        }
    }

    [Fact]
    public void Audio_consumer_loses_plain_nack_because_rtx_is_disabled_for_audio()
    {
        RtpParameters consumer = Consumer("{\"mimeType\":\"audio/opus\",\"payloadType\":111,\"clockRate\":48000,\"channels\":2}", MediaKind.Audio,
            "{\"codecs\":[{\"mimeType\":\"audio/opus\",\"preferredPayloadType\":100,\"clockRate\":48000,\"channels\":2,\"rtcpFeedback\":[{\"type\":\"nack\"},{\"type\":\"nack\",\"parameter\":\"pli\"},{\"type\":\"transport-cc\"}]}]," +
            "\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\",\"preferredId\":4}]}");

        consumer.Codecs.Should().ContainSingle().Which.RtcpFeedback.Should().Equal(RtcpFeedback.NackPli);
        consumer.Encodings.Should().ContainSingle().Which.Rtx.Should().BeNull();
    }

    [Fact]
    public void Transport_wide_cc_extension_keeps_transport_cc_and_drops_remb()
    {
        RtpParameters consumer = Consumer(Vp8WithRtx, MediaKind.Video, VideoCaps(RtpExtensionUri.TransportWideCc, 5));

        consumer.Codecs[0].RtcpFeedback.Should().Equal(RtcpFeedback.Nack, RtcpFeedback.TransportCc);
    }

    [Fact]
    public void Abs_send_time_alone_keeps_remb_and_drops_transport_cc()
    {
        RtpParameters consumer = Consumer(Vp8WithRtx, MediaKind.Video, VideoCaps(RtpExtensionUri.AbsSendTime, 4));

        consumer.Codecs[0].RtcpFeedback.Should().Equal(RtcpFeedback.Nack, RtcpFeedback.GoogRemb);
    }

    [Fact]
    public void Without_either_extension_both_congestion_feedbacks_go()
    {
        RtpParameters consumer = Consumer(Vp8WithRtx, MediaKind.Video, VideoCaps(RtpExtensionUri.AbsSendTime, 9));

        consumer.Codecs[0].RtcpFeedback.Should().Equal(RtcpFeedback.Nack);
        consumer.HeaderExtensions.Should().BeEmpty("the client's id 9 differs from the router's id 4");
    }

    [Fact]
    public void Rtx_is_dropped_when_the_client_cannot_receive_it()
    {
        string capsWithoutRtx = "{\"codecs\":[{\"mimeType\":\"video/VP8\",\"preferredPayloadType\":101,\"clockRate\":90000}]}";

        RtpParameters consumer = Consumer(Vp8WithRtx, MediaKind.Video, capsWithoutRtx);

        consumer.Codecs.Should().ContainSingle().Which.MimeType.Should().Be("video/VP8");
        consumer.Encodings[0].Rtx.Should().BeNull();
    }

    [Fact]
    public void A_client_without_the_codec_cannot_consume_and_building_fails_clearly()
    {
        RtpParameters consumable = Consumable(Vp8WithRtx, MediaKind.Video);
        RtpCapabilities onlyRtx = OrtcSamples.ReadCapabilities(
            "{\"codecs\":[{\"mimeType\":\"video/VP9\",\"preferredPayloadType\":103,\"clockRate\":90000},{\"mimeType\":\"video/rtx\",\"preferredPayloadType\":102,\"clockRate\":90000,\"parameters\":{\"apt\":101}}]}");

        ConsumerParameters.CanConsume(consumable, onlyRtx).Should().BeFalse();
        ConsumerParameters.CanConsume(consumable, RtpCapabilities.Empty).Should().BeFalse();
        Action build = () => ConsumerParameters.Build(consumable, onlyRtx, pipe: false, enableRtx: true, SsrcGenerator.Next);
        build.Should().Throw<OrtcException>().WithMessage("no compatible media codecs");
    }

    [Theory]
    [InlineData("[{\"ssrc\":11,\"scalabilityMode\":\"L1T2\",\"maxBitrate\":300000}]", "L1T2", 300000d)]
    [InlineData("[{\"ssrc\":11}]", null, null)]
    [InlineData("[{\"rid\":\"a\"},{\"rid\":\"b\",\"scalabilityMode\":\"L1T2\"}]", "L2T2", null)]
    [InlineData("[{\"rid\":\"a\",\"maxBitrate\":5},{\"rid\":\"b\",\"maxBitrate\":7},{\"rid\":\"c\",\"maxBitrate\":6}]", "L3T1", 7d)]
    public void Consumer_encoding_derives_scalability_mode_and_max_bitrate(string encodings, string? mode, double? maxBitrate)
    {
        RtpParameters consumer = Consumer(Vp8WithRtx, MediaKind.Video, VideoCaps(RtpExtensionUri.TransportWideCc, 5), encodings);

        consumer.Encodings.Should().ContainSingle().Which.Should().Be(new RtpEncodingParameters
        {
            Ssrc = 555555555,
            Rtx = new RtxParameters(555555556),
            ScalabilityMode = mode,
            MaxBitrate = maxBitrate,
        });
    }

    [Fact]
    public void Pipe_consumers_keep_every_encoding_with_consecutive_ssrcs()
    {
        RtpParameters consumable = Consumable(Vp8WithRtx, MediaKind.Video, "[{\"rid\":\"a\"},{\"rid\":\"b\"}]");

        RtpParameters pipe = ConsumerParameters.Build(consumable, OrtcSamples.ReadCapabilities(VideoCaps(RtpExtensionUri.TransportWideCc, 5)),
            pipe: true, enableRtx: true, OrtcSamples.Ssrcs(200000000, 300000000));

        pipe.Encodings.Select(e => (e.Ssrc, e.Rtx!.Ssrc)).Should().Equal((200000000u, 300000000u), (200000001u, 300000001u));
    }

    [Theory]
    [InlineData("[{\"ssrc\":1}]", ProducerType.Simple)]
    [InlineData("[{\"ssrc\":1,\"scalabilityMode\":\"L1T3\"}]", ProducerType.Simulcast)]
    [InlineData("[{\"rid\":\"a\"},{\"rid\":\"b\"}]", ProducerType.Simulcast)]
    public void Vp8_producer_type_follows_encodings_and_layers(string encodings, ProducerType expected)
    {
        ProducerTypes.Of(OrtcSamples.ReadParameters("{\"codecs\":[" + Vp8WithRtx + "],\"encodings\":" + encodings + "}")).Should().Be(expected);
    }

    [Fact]
    public void Vp9_with_layers_is_svc_and_opus_with_a_mode_stays_simple()
    {
        ProducerTypes.Of(OrtcSamples.ReadParameters(
            "{\"codecs\":[{\"mimeType\":\"video/VP9\",\"payloadType\":98,\"clockRate\":90000}],\"encodings\":[{\"scalabilityMode\":\"L3T3_KEY\"}]}"))
            .Should().Be(ProducerType.Svc);
        ProducerTypes.Of(OrtcSamples.ReadParameters(
            "{\"codecs\":[{\"mimeType\":\"audio/opus\",\"payloadType\":111,\"clockRate\":48000}],\"encodings\":[{\"scalabilityMode\":\"L1T3\"}]}"))
            .Should().Be(ProducerType.Simple);
    }

    private static string VideoCaps(string uri, int id) =>
        "{\"codecs\":[{\"mimeType\":\"video/VP8\",\"preferredPayloadType\":101,\"clockRate\":90000,\"rtcpFeedback\":[{\"type\":\"nack\"},{\"type\":\"goog-remb\"},{\"type\":\"transport-cc\"}]}," +
        "{\"mimeType\":\"video/rtx\",\"preferredPayloadType\":102,\"clockRate\":90000,\"parameters\":{\"apt\":101}}]," +
        "\"headerExtensions\":[{\"kind\":\"video\",\"uri\":\"" + uri + "\",\"preferredId\":" + id + "}]}";

    private RtpParameters Consumable(string codecs, MediaKind kind, string encodings = "[{\"ssrc\":11}]")
    {
        RtpParameters producer = OrtcSamples.ReadParameters("{\"codecs\":[" + codecs + "],\"encodings\":" + encodings + "}");
        ProducerRtpMapping mapped = ProducerMapping.Map(producer, router, SsrcGenerator.Seeded(1));
        return ConsumableParameters.Build(kind, mapped.Parameters, router, mapped.Mapping);
    }

    private RtpParameters Consumer(string codecs, MediaKind kind, string capabilities, string encodings = "[{\"ssrc\":11}]") =>
        ConsumerParameters.Build(
            Consumable(codecs, kind, encodings),
            OrtcSamples.ReadCapabilities(capabilities),
            pipe: false,
            ConsumerParameters.RtxEnabledFor(kind),
            OrtcSamples.Ssrcs(555555555));

    private static class RtpExtensionUri
    {
        public const string TransportWideCc = Sfu.Transport.Rtp.Extensions.RtpExtensionUris.TransportWideCc;
        public const string AbsSendTime = Sfu.Transport.Rtp.Extensions.RtpExtensionUris.AbsSendTime;
    }
}
