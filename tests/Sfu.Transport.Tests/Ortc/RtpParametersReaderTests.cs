using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>PROTOCOL §6.6.1 for producer parameters (INIT_PRODUCER): normalisation and rejections.</summary>
public class RtpParametersReaderTests
{
    private const string Opus = "{\"mimeType\":\"audio/opus\",\"payloadType\":111,\"clockRate\":48000}";

    [Fact]
    public void Missing_optional_members_get_mediasoup_defaults()
    {
        RtpParameters p = OrtcSamples.ReadParameters("{\"codecs\":[" + Opus + "]}");

        p.Codecs[0].Channels.Should().Be(1);
        p.Codecs[0].Parameters.Should().BeEmpty();
        p.Codecs[0].RtcpFeedback.Should().BeEmpty();
        p.HeaderExtensions.Should().BeEmpty();
        p.Encodings.Should().ContainSingle().Which.Should().Be(new RtpEncodingParameters { Dtx = false });
        p.Rtcp.Should().Be(new RtcpParameters(null, ReducedSize: true));
        p.Mid.Should().BeNull();
    }

    [Fact]
    public void Normalisation_forces_dtx_and_reduced_size_and_fills_feedback_parameter()
    {
        RtpParameters p = OrtcSamples.ReadParameters(
            "{\"mid\":\"0\",\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"channels\":2," +
            "\"rtcpFeedback\":[{\"type\":\"nack\"},{\"type\":\"nack\",\"parameter\":\"pli\"},{\"type\":\"x\",\"parameter\":5}]}]," +
            "\"encodings\":[{\"ssrc\":0,\"rid\":\"\",\"dtx\":\"yes\",\"scalabilityMode\":\"\"}],\"rtcp\":{\"reducedSize\":false,\"cname\":\"\"}}");

        p.Codecs[0].Channels.Should().BeNull();
        p.Codecs[0].RtcpFeedback.Should().Equal(RtcpFeedback.Nack, RtcpFeedback.NackPli, new RtcpFeedback("x", ""));
        p.Encodings[0].Should().Be(new RtpEncodingParameters { Dtx = false });
        p.Rtcp.Should().Be(new RtcpParameters("", ReducedSize: true));
    }

    [Fact]
    public void Parameter_value_types_are_preserved_through_a_round_trip()
    {
        string json = OrtcJsonWriter.ToJson(OrtcSamples.ReadParameters(
            "{\"codecs\":[{\"mimeType\":\"video/H264\",\"payloadType\":102,\"clockRate\":90000," +
            "\"parameters\":{\"packetization-mode\":1,\"profile-level-id\":\"42e01f\",\"x\":1.50}}]}"));

        json.Should().Contain("\"parameters\":{\"packetization-mode\":1,\"profile-level-id\":\"42e01f\",\"x\":1.5}");
    }

    [Fact]
    public void Every_corpus_producer_reads_and_round_trips_through_the_writer()
    {
        foreach (string name in new[]
        {
            "chromium156-audio-producer", "chromium156-camera-producer", "handmade-forced-h264-camera-producer",
            "handmade-safari-ssrc-simulcast-producer", "handmade-single-vp8-producer",
        })
        {
            RtpParameters first = OrtcSamples.Producer(name);
            string json = OrtcJsonWriter.ToJson(first);
            OrtcJsonWriter.ToJson(OrtcSamples.ReadParameters(json)).Should().Be(json, name);
        }
    }

    [Theory]
    [InlineData("[]", "params is not an object")]
    [InlineData("{}", "missing params.codecs")]
    [InlineData("{\"codecs\":{}}", "missing params.codecs")]
    [InlineData("{\"mid\":5,\"codecs\":[]}", "params.mid is not a string")]
    [InlineData("{\"codecs\":[7]}", "codec is not an object")]
    [InlineData("{\"codecs\":[{\"payloadType\":96,\"clockRate\":90000}]}", "missing codec.mimeType")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"text/plain\",\"payloadType\":96,\"clockRate\":90000}]}", "invalid codec.mimeType*")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/\",\"payloadType\":96,\"clockRate\":90000}]}", "invalid codec.mimeType*")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"clockRate\":90000}]}", "missing codec.payloadType")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":\"96\",\"clockRate\":90000}]}", "missing codec.payloadType")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":128,\"clockRate\":90000}]}", "missing codec.payloadType (not an integer*")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96.5,\"clockRate\":90000}]}", "missing codec.payloadType (not an integer*")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96}]}", "missing codec.clockRate")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"parameters\":{\"a\":true}}]}", "invalid codec parameter [key:a]")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"parameters\":{\"a\":null}}]}", "invalid codec parameter [key:a]")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/rtx\",\"payloadType\":97,\"clockRate\":90000,\"parameters\":{\"apt\":\"96\"}}]}", "invalid codec apt parameter")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"rtcpFeedback\":[{}]}]}", "missing fb.type")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"payloadType\":96,\"clockRate\":90000,\"rtcpFeedback\":[null]}]}", "fb is not an object")]
    [InlineData("{\"codecs\":[" + Opus + "],\"headerExtensions\":{}}", "params.headerExtensions is not an array")]
    [InlineData("{\"codecs\":[" + Opus + "],\"headerExtensions\":[{\"id\":1}]}", "missing ext.uri")]
    [InlineData("{\"codecs\":[" + Opus + "],\"headerExtensions\":[{\"uri\":\"u\"}]}", "missing ext.id")]
    [InlineData("{\"codecs\":[" + Opus + "],\"headerExtensions\":[{\"uri\":\"u\",\"id\":1,\"encrypt\":\"yes\"}]}", "invalid ext.encrypt")]
    [InlineData("{\"codecs\":[" + Opus + "],\"headerExtensions\":[{\"uri\":\"u\",\"id\":1,\"parameters\":{\"k\":[]}}]}", "invalid header extension parameter [key:k]")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":5}", "params.encodings is not an array")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[null]}", "encoding is not an object")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"ssrc\":\"1\"}]}", "invalid encoding.ssrc")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"ssrc\":4294967296}]}", "invalid encoding.ssrc (not a 32-bit*")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"rid\":1}]}", "invalid encoding.rid")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"rtx\":1}]}", "invalid encoding.rtx")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"rtx\":{}}]}", "missing encoding.rtx.ssrc")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"scalabilityMode\":3}]}", "invalid encoding.scalabilityMode")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"maxBitrate\":\"fast\"}]}", "invalid encoding.maxBitrate")]
    [InlineData("{\"codecs\":[" + Opus + "],\"rtcp\":5}", "params.rtcp is not an object")]
    [InlineData("{\"codecs\":[" + Opus + "],\"rtcp\":{\"cname\":5}}", "invalid rtcp.cname")]
    [InlineData("{\"codecs\":[" + Opus + "],\"msid\":5}", "params.msid is not a string")]
    [InlineData("{\"codecs\":[" + Opus + "," + Opus + "]}", "duplicated payloadType 111")]
    [InlineData("{\"codecs\":[]}", "no media codecs found")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/rtx\",\"payloadType\":97,\"clockRate\":90000,\"parameters\":{\"apt\":96}}]}", "apt in RTX codec 97 points to a non existing codec")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/rtx\",\"payloadType\":97,\"clockRate\":90000,\"parameters\":{\"apt\":97}}]}", "apt in RTX codec 97 points to a RTX codec")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/rtx\",\"payloadType\":97,\"clockRate\":90000}]}", "missing apt parameter in RTX codec 97")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"codecPayloadType\":100}]}", "unknown codecPayloadType 100")]
    [InlineData("{\"codecs\":[" + Opus + "],\"encodings\":[{\"rid\":\"a\",\"scalabilityMode\":\"L2T1\"},{\"rid\":\"b\"}]}", "cannot use both simulcast*")]
    [InlineData("{\"codecs\":[", "malformed JSON*")]
    public void Invalid_producer_parameters_are_rejected_with_a_useful_message(string json, string message)
    {
        Action read = () => OrtcSamples.ReadParameters(json);

        read.Should().Throw<OrtcException>().WithMessage(message);
    }
}

/// <summary>PROTOCOL §6.6.1 for client capabilities (the INIT_TRANSPORTS answer), and R70.</summary>
public class RtpCapabilitiesReaderTests
{
    [Fact]
    public void Chromium_capabilities_read_with_kinds_from_the_mime_type()
    {
        RtpCapabilities caps = OrtcSamples.ChromiumCapabilities;

        caps.Codecs.Select(c => c.PreferredPayloadType).Should().Equal(100, 0, 8, 101, 102, 103, 104, 107, 108);
        caps.HeaderExtensions.Should().HaveCount(7);
        OrtcJsonWriter.ToJson(caps).Should().Be(OrtcSamples.Normalise(System.Text.Encoding.UTF8.GetString(OrtcSamples.Corpus("chromium156-client-capabilities"))));
    }

    [Fact]
    public void Missing_arrays_and_defaults_are_filled_in()
    {
        RtpCapabilities empty = OrtcSamples.ReadCapabilities("{}");
        RtpCapabilities caps = OrtcSamples.ReadCapabilities(
            "{\"codecs\":[{\"kind\":\"video\",\"mimeType\":\"AUDIO/opus\",\"clockRate\":48000,\"preferredPayloadType\":null}]," +
            "\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"u\",\"preferredId\":3}]}");

        empty.Should().BeEquivalentTo(RtpCapabilities.Empty);
        caps.Codecs[0].Should().BeEquivalentTo(new RtpCodecCapability(MediaKind.Audio, "AUDIO/opus", null, 48000, 1, CodecParameters.Empty, []));
        caps.HeaderExtensions[0].Should().Be(new RtpHeaderExtension(MediaKind.Audio, "u", 3, false, "sendrecv"));
    }

    [Theory]
    [InlineData("null", "caps is not an object")]
    [InlineData("{\"codecs\":5}", "caps.codecs is not an array")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"clockRate\":90000,\"preferredPayloadType\":\"101\"}]}", "invalid codec.preferredPayloadType")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"video/VP8\",\"clockRate\":\"90000\"}]}", "missing codec.clockRate")]
    [InlineData("{\"codecs\":[{\"mimeType\":\"VP8\",\"clockRate\":90000}]}", "invalid codec.mimeType*")]
    [InlineData("{\"headerExtensions\":true}", "caps.headerExtensions is not an array")]
    [InlineData("{\"headerExtensions\":[{\"kind\":\"Audio\",\"uri\":\"u\",\"preferredId\":1}]}", "invalid ext.kind")]
    [InlineData("{\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"\",\"preferredId\":1}]}", "missing ext.uri")]
    [InlineData("{\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"u\"}]}", "missing ext.preferredId")]
    [InlineData("{\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"u\",\"preferredId\":1,\"preferredEncrypt\":1}]}", "invalid ext.preferredEncrypt")]
    [InlineData("{\"headerExtensions\":[{\"kind\":\"audio\",\"uri\":\"u\",\"preferredId\":1,\"direction\":7}]}", "invalid ext.direction")]
    public void Invalid_capabilities_are_rejected_with_a_useful_message(string json, string message)
    {
        Action read = () => OrtcSamples.ReadCapabilities(json);

        read.Should().Throw<OrtcException>().WithMessage(message);
    }
}
