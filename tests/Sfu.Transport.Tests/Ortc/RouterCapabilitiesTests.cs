using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>PROTOCOL §5.11, §6.1, §8.2 and Appendix A: the router capabilities and their exact bytes.</summary>
public class RouterCapabilitiesTests
{
    private static readonly string[] AllAudio = ["opus", "PCMU", "PCMA"];
    private static readonly string[] AllVideo = ["VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch"];

    [Fact]
    public void All_codecs_enabled_gives_exactly_the_bytes_of_appendix_A()
    {
        string expected = File.ReadAllText(TestFiles.Path("TestData/appendix-a-router-capabilities.compact.json"));

        RouterCapabilities.Build(AllAudio, AllVideo).Json.Should().Be(expected);
    }

    [Fact]
    public void All_codecs_enabled_equals_the_appendix_A_text_after_json_normalisation()
    {
        string appendix = File.ReadAllText(TestFiles.Path("TestData/appendix-a-router-capabilities.json"));
        string normalised = JsonNode.Parse(appendix)!.ToJsonString(new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

        RouterCapabilities.Build(AllAudio, AllVideo).Json.Should().Be(normalised);
    }

    [Fact]
    public void Default_configuration_assigns_the_payload_types_of_section_8_2()
    {
        Summary(RouterCapabilities.Build(AllAudio, AllVideo)).Should().Equal(
            "audio/opus 100", "audio/PCMU 0", "audio/PCMA 8",
            "video/VP8 101", "video/rtx 102 apt=101",
            "video/VP9 103 profile-id=2", "video/rtx 104 apt=103",
            "video/H264 105 profile-level-id=640028", "video/rtx 106 apt=105",
            "video/H264 107 profile-level-id=42e00c", "video/rtx 108 apt=107",
            "video/H264 109 profile-level-id=640c0d", "video/rtx 110 apt=109");
    }

    [Fact]
    public void Codec_order_follows_the_lists_and_static_types_do_not_consume_the_pool()
    {
        Summary(RouterCapabilities.Build(["PCMU", "opus"], ["H264_1_2cb", "VP8"])).Should().Equal(
            "audio/PCMU 0", "audio/opus 100",
            "video/H264 101 profile-level-id=42e00c", "video/rtx 102 apt=101",
            "video/VP8 103", "video/rtx 104 apt=103");
    }

    [Fact]
    public void Only_opus_and_vp8_gives_three_codecs_and_the_full_extension_list()
    {
        RouterCapabilities caps = RouterCapabilities.Build(["opus"], ["VP8"]);

        Summary(caps).Should().Equal("audio/opus 100", "video/VP8 101", "video/rtx 102 apt=101");
        caps.Capabilities.HeaderExtensions.Should().HaveCount(18);
        caps.Json.Should().StartWith(
            "{\"codecs\":[{\"kind\":\"audio\",\"mimeType\":\"audio/opus\",\"preferredPayloadType\":100,\"clockRate\":48000," +
            "\"channels\":2,\"parameters\":{},\"rtcpFeedback\":[{\"type\":\"nack\",\"parameter\":\"\"},{\"type\":\"transport-cc\",\"parameter\":\"\"}]}," +
            "{\"kind\":\"video\",\"mimeType\":\"video/VP8\",\"preferredPayloadType\":101,\"clockRate\":90000,\"parameters\":{},");
    }

    [Fact]
    public void Unknown_and_untrimmed_names_are_ignored()
    {
        Summary(RouterCapabilities.Build(["opus", " PCMU", "pcma", "VP8"], ["H264_1_2c", "AV1", "opus", "VP9"])).Should().Equal(
            "audio/opus 100", "video/VP9 101 profile-id=2", "video/rtx 102 apt=101");
    }

    [Fact]
    public void Empty_lists_give_no_codecs_but_still_the_header_extensions()
    {
        RouterCapabilities caps = RouterCapabilities.Build([], []);

        caps.Capabilities.Codecs.Should().BeEmpty();
        caps.Capabilities.HeaderExtensions.Should().HaveCount(18);
    }

    [Fact]
    public void A_duplicated_dynamic_codec_gets_another_payload_type()
    {
        Summary(RouterCapabilities.Build(["opus", "opus"], ["VP8", "VP8"])).Should().Equal(
            "audio/opus 100", "audio/opus 101", "video/VP8 102", "video/rtx 103 apt=102", "video/VP8 104", "video/rtx 105 apt=104");
    }

    [Fact]
    public void A_duplicated_static_codec_fails_like_router_creation_upstream()
    {
        Action build = () => RouterCapabilities.Build(["PCMU", "PCMU"], []);

        build.Should().Throw<OrtcException>().WithMessage("duplicated codec.preferredPayloadType 0");
    }

    [Fact]
    public void Exhausting_the_dynamic_pool_fails_with_a_clear_message()
    {
        string[] manyVideo = [.. Enumerable.Repeat("VP8", 17)];

        Action build = () => RouterCapabilities.Build([], manyVideo);

        build.Should().Throw<OrtcException>().WithMessage("cannot allocate more dynamic codec payload types");
    }

    [Fact]
    public void The_pool_continues_at_96_after_127()
    {
        string[] fifteenVideo = [.. Enumerable.Repeat("VP8", 15)];

        IReadOnlyList<RtpCodecCapability> codecs = RouterCapabilities.Build([], fifteenVideo).Capabilities.Codecs;

        codecs[^4].PreferredPayloadType.Should().Be(126);
        codecs[^3].PreferredPayloadType.Should().Be(127);
        codecs[^2].PreferredPayloadType.Should().Be(96);
        codecs[^1].PreferredPayloadType.Should().Be(97);
    }

    [Fact]
    public void Building_twice_gives_identical_bytes()
    {
        RouterCapabilities.Build(AllAudio, AllVideo).Json.Should().Be(RouterCapabilities.Build(AllAudio, AllVideo).Json);
    }

    [Fact]
    public void The_capabilities_json_reads_back_through_the_client_capabilities_reader()
    {
        RouterCapabilities caps = RouterCapabilities.Build(AllAudio, AllVideo);

        RtpCapabilities reread = RtpCapabilitiesReader.Read(System.Text.Encoding.UTF8.GetBytes(caps.Json));

        OrtcJsonWriter.ToJson(reread).Should().Be(caps.Json);
    }

    private static string[] Summary(RouterCapabilities caps) =>
        [.. caps.Capabilities.Codecs.Select(c =>
        {
            string text = c.MimeType + " " + c.PreferredPayloadType;
            foreach (string key in new[] { "apt", "profile-id", "profile-level-id" })
            {
                if (c.Parameters.TryGet(key, out CodecParameterValue value))
                {
                    text += " " + key + "=" + value;
                }
            }

            return text;
        })];
}
