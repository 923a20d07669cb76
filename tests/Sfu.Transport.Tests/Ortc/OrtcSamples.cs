using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>The committed samples read through the real readers, and JSON normalisation for comparisons.</summary>
internal static class OrtcSamples
{
    public static readonly string[] AllAudio = ["opus", "PCMU", "PCMA"];
    public static readonly string[] AllVideo = ["VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch"];

    public static RtpCapabilities DefaultRouter => RouterCapabilities.Build(AllAudio, AllVideo).Capabilities;

    public static RtpCapabilities ChromiumCapabilities => RtpCapabilitiesReader.Read(Corpus("chromium156-client-capabilities"));

    public static RtpParameters Producer(string name) => RtpParametersReader.Read(Corpus(name));

    public static byte[] Corpus(string name) => TestFiles.Bytes("Corpus/" + name + ".json");

    public static RtpParameters ReadParameters(string json) => RtpParametersReader.Read(System.Text.Encoding.UTF8.GetBytes(json));

    public static RtpCapabilities ReadCapabilities(string json) => RtpCapabilitiesReader.Read(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Compact JSON with the members in their original order, as JSON.stringify would print the text.</summary>
    public static string Normalise(string json) => JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>An SSRC source returning the given values in order.</summary>
    public static Func<uint> Ssrcs(params uint[] values)
    {
        var queue = new Queue<uint>(values);
        return queue.Dequeue;
    }
}
