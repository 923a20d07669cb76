using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>
/// PROTOCOL §6.3–§6.5 end to end: the Chromium 156 producer parameters map onto the default router, and the
/// consumer parameters for the Chromium capabilities come out exactly as observed upstream.
/// </summary>
public class ChromiumProducerConsumerTests
{
    private readonly RtpCapabilities router = OrtcSamples.DefaultRouter;
    private readonly TransportCname cname = new(() => "random01");

    [Fact]
    public void Audio_producer_maps_opus_111_to_router_100()
    {
        ProducerRtpMapping mapped = ProducerMapping.Map(OrtcSamples.Producer("chromium156-audio-producer"), router, OrtcSamples.Ssrcs(500000000));

        mapped.Mapping.Codecs.Should().Equal(new CodecMapping(111, 100));
        mapped.Mapping.Encodings.Should().Equal(new EncodingMapping(749163766, null, null, 500000000));
    }

    [Fact]
    public void Simulcast_camera_maps_vp8_and_rtx_and_numbers_the_three_rids()
    {
        ProducerRtpMapping mapped = ProducerMapping.Map(OrtcSamples.Producer("chromium156-camera-producer"), router, OrtcSamples.Ssrcs(999999998));

        mapped.Mapping.Codecs.Should().Equal(new CodecMapping(96, 101), new CodecMapping(97, 102));
        mapped.Mapping.Encodings.Should().Equal(
            new EncodingMapping(null, "r0", "L1T3", 999999998),
            new EncodingMapping(null, "r1", "L1T3", 999999999),
            new EncodingMapping(null, "r2", "L1T3", 1000000000));
        ProducerTypes.Of(mapped.Parameters).Should().Be(ProducerType.Simulcast);
    }

    [Fact]
    public void Audio_consumer_is_exactly_the_observed_one()
    {
        RtpParameters consumer = Consume("chromium156-audio-producer", MediaKind.Audio, 813514407) with { Mid = "0" };

        OrtcJsonWriter.ToJson(consumer).Should().Be(Expected("expected-audio-consumer"));
    }

    [Fact]
    public void Simulcast_camera_consumer_is_exactly_the_observed_one()
    {
        cname.Apply(OrtcSamples.Producer("chromium156-audio-producer"));

        RtpParameters consumer = Consume("chromium156-camera-producer", MediaKind.Video, 675082245) with { Mid = "1" };

        OrtcJsonWriter.ToJson(consumer).Should().Be(Expected("expected-camera-consumer"));
    }

    [Fact]
    public void Rid_simulcast_first_producer_gets_a_random_transport_cname_shared_by_later_producers()
    {
        RtpParameters camera = cname.Apply(OrtcSamples.Producer("chromium156-camera-producer"));
        RtpParameters audio = cname.Apply(OrtcSamples.Producer("chromium156-audio-producer"));

        camera.Rtcp.Cname.Should().Be("random01");
        audio.Rtcp.Cname.Should().Be("random01");
    }

    [Fact]
    public void Default_random_cname_has_eight_characters()
    {
        new TransportCname().Apply(OrtcSamples.Producer("chromium156-camera-producer")).Rtcp.Cname.Should().HaveLength(8);
    }

    [Fact]
    public void Forced_h264_producer_maps_onto_the_constrained_baseline_router_codec_and_keeps_its_level()
    {
        ProducerRtpMapping mapped = ProducerMapping.Map(OrtcSamples.Producer("handmade-forced-h264-camera-producer"), router, OrtcSamples.Ssrcs(200000000));

        mapped.Mapping.Codecs.Should().Equal(new CodecMapping(108, 107), new CodecMapping(109, 108));
        mapped.Parameters.Codecs[0].Parameters.Get("profile-level-id").Should().Be(CodecParameterValue.FromString("42e01f"));
    }

    [Fact]
    public void Forced_h264_consumer_carries_router_107_with_the_producer_profile()
    {
        RtpParameters consumer = Consume("handmade-forced-h264-camera-producer", MediaKind.Video, 300000000);

        consumer.Codecs.Select(c => c.PayloadType).Should().Equal(107, 108);
        consumer.Codecs[0].Parameters.Get("profile-level-id").Should().Be(CodecParameterValue.FromString("42e01f"));
    }

    [Fact]
    public void Safari_ssrc_simulcast_maps_by_ssrc_and_keeps_no_rid()
    {
        ProducerRtpMapping mapped = ProducerMapping.Map(OrtcSamples.Producer("handmade-safari-ssrc-simulcast-producer"), router, OrtcSamples.Ssrcs(400000000));

        mapped.Mapping.Encodings.Select(e => (e.Ssrc, e.Rid, e.MappedSsrc)).Should().Equal(
            (1111111110u, (string?)null, 400000000u), (1111111112u, null, 400000001u), (1111111114u, null, 400000002u));
    }

    [Fact]
    public void Single_vp8_consumer_has_rtx_and_no_scalability_mode()
    {
        RtpParameters consumer = Consume("handmade-single-vp8-producer", MediaKind.Video, 123456789);

        consumer.Encodings.Should().ContainSingle().Which.Should().Be(new RtpEncodingParameters
        {
            Ssrc = 123456789,
            Rtx = new RtxParameters(123456790),
        });
        ProducerTypes.Of(OrtcSamples.Producer("handmade-single-vp8-producer")).Should().Be(ProducerType.Simple);
    }

    [Fact]
    public void Consumable_parameters_follow_section_6_6_4()
    {
        RtpParameters producer = cname.Apply(OrtcSamples.Producer("chromium156-camera-producer"));
        ProducerRtpMapping mapped = ProducerMapping.Map(producer, router, OrtcSamples.Ssrcs(700000000));

        RtpParameters consumable = ConsumableParameters.Build(MediaKind.Video, mapped.Parameters, router, mapped.Mapping);

        consumable.HeaderExtensions.Select(e => e.Id).Should().Equal(1, 4, 5, 8, 9, 10, 11, 12);
        consumable.Encodings.Select(e => (e.Ssrc, e.Rid, e.MaxBitrate)).Should().Equal(
            (700000000u, (string?)null, 1000000d), (700000001u, null, 2000000d), (700000002u, null, 4000000d));
        consumable.Codecs[0].RtcpFeedback.Should().Equal(
            RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.CcmFir, RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc);
        consumable.Rtcp.Should().Be(new RtcpParameters("random01", ReducedSize: true));
    }

    [Fact]
    public void Audio_consumable_extensions_are_the_six_of_section_6_6_4()
    {
        RtpParameters producer = cname.Apply(OrtcSamples.Producer("chromium156-audio-producer"));
        ProducerRtpMapping mapped = ProducerMapping.Map(producer, router, OrtcSamples.Ssrcs(700000000));

        ConsumableParameters.Build(MediaKind.Audio, mapped.Parameters, router, mapped.Mapping)
            .HeaderExtensions.Select(e => e.Id).Should().Equal(1, 4, 6, 10, 11, 12);
    }

    [Fact]
    public void Chromium_can_consume_both_producers()
    {
        ConsumerParameters.CanConsume(Consumable("chromium156-audio-producer", MediaKind.Audio), OrtcSamples.ChromiumCapabilities).Should().BeTrue();
        ConsumerParameters.CanConsume(Consumable("chromium156-camera-producer", MediaKind.Video), OrtcSamples.ChromiumCapabilities).Should().BeTrue();
    }

    private RtpParameters Consumable(string producerName, MediaKind kind)
    {
        RtpParameters producer = cname.Apply(OrtcSamples.Producer(producerName));
        ProducerRtpMapping mapped = ProducerMapping.Map(producer, router, OrtcSamples.Ssrcs(600000000));
        return ConsumableParameters.Build(kind, mapped.Parameters, router, mapped.Mapping);
    }

    private RtpParameters Consume(string producerName, MediaKind kind, uint consumerSsrc) =>
        ConsumerParameters.Build(
            Consumable(producerName, kind),
            OrtcSamples.ChromiumCapabilities,
            pipe: false,
            enableRtx: ConsumerParameters.RtxEnabledFor(kind),
            OrtcSamples.Ssrcs(consumerSsrc));

    private static string Expected(string name) => OrtcSamples.Normalise(File.ReadAllText(TestFiles.Path("TestData/" + name + ".json")));
}
