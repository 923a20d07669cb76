using System.Text.Json.Nodes;

namespace Sfu.Load.Media;

/// <summary>
/// INIT_PRODUCER rtpParameters in the shapes Chromium 156 with mediasoup-client sends them (PROTOCOL.md §6.4): the
/// browser's payload types (opus 111, VP8 96, RTX 97) and header-extension ids (audio level 1, abs-send-time 2,
/// transport-wide cc 3, mid 4, rid 10, repaired rid 11). Synthetic streams must use the same numbers.
/// </summary>
public static class ProducerParameters
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;
    public const byte Vp8RtxPayloadType = 97;
    public const byte AudioLevelId = 1;
    public const byte AbsSendTimeId = 2;
    public const byte TransportWideCcId = 3;
    public const byte MidId = 4;
    public const byte RidId = 10;
    public const byte RepairedRidId = 11;

    public static JsonObject Opus(string mid, uint ssrc, string cname) => new()
    {
        ["mid"] = mid,
        ["codecs"] = new JsonArray(new JsonObject
        {
            ["mimeType"] = "audio/opus",
            ["payloadType"] = OpusPayloadType,
            ["clockRate"] = 48000,
            ["channels"] = 2,
            ["parameters"] = new JsonObject { ["minptime"] = 10, ["useinbandfec"] = 1 },
            ["rtcpFeedback"] = Feedback(("transport-cc", ""), ("nack", "")),
        }),
        ["headerExtensions"] = Extensions(
            ("urn:ietf:params:rtp-hdrext:sdes:mid", MidId),
            ("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", AbsSendTimeId),
            ("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", TransportWideCcId),
            ("urn:ietf:params:rtp-hdrext:ssrc-audio-level", AudioLevelId)),
        ["encodings"] = new JsonArray(new JsonObject { ["ssrc"] = ssrc, ["dtx"] = false }),
        ["rtcp"] = new JsonObject { ["cname"] = cname, ["reducedSize"] = true },
    };

    /// <summary>A single-stream VP8 camera with RTX.</summary>
    public static JsonObject Vp8(string mid, uint ssrc, uint rtxSsrc, string cname)
    {
        JsonObject parameters = Vp8Base(mid, cname);
        parameters["encodings"] = new JsonArray(new JsonObject
        {
            ["ssrc"] = ssrc,
            ["rtx"] = new JsonObject { ["ssrc"] = rtxSsrc },
            ["dtx"] = false,
        });
        return parameters;
    }

    /// <summary>Rid-based three-layer simulcast (r0 quarter, r1 half, r2 full), no SSRCs, as Chromium announces it.</summary>
    public static JsonObject Vp8Simulcast(string mid, long maxVideoBitrate)
    {
        JsonObject parameters = Vp8Base(mid, cname: string.Empty);
        var encodings = new JsonArray();
        int[] scales = [4, 2, 1];
        for (int layer = 0; layer < 3; layer++)
        {
            encodings.Add(new JsonObject
            {
                ["active"] = true,
                ["scaleResolutionDownBy"] = scales[layer],
                ["maxBitrate"] = maxVideoBitrate / scales[layer],
                ["rid"] = $"r{layer}",
                ["scalabilityMode"] = "L1T3",
                ["dtx"] = false,
            });
        }

        parameters["encodings"] = encodings;
        return parameters;
    }

    private static JsonObject Vp8Base(string mid, string cname) => new()
    {
        ["mid"] = mid,
        ["codecs"] = new JsonArray(
            new JsonObject
            {
                ["mimeType"] = "video/VP8",
                ["payloadType"] = Vp8PayloadType,
                ["clockRate"] = 90000,
                ["parameters"] = new JsonObject(),
                ["rtcpFeedback"] = Feedback(("goog-remb", ""), ("transport-cc", ""), ("ccm", "fir"), ("nack", ""), ("nack", "pli")),
            },
            new JsonObject
            {
                ["mimeType"] = "video/rtx",
                ["payloadType"] = Vp8RtxPayloadType,
                ["clockRate"] = 90000,
                ["parameters"] = new JsonObject { ["apt"] = Vp8PayloadType },
                ["rtcpFeedback"] = new JsonArray(),
            }),
        ["headerExtensions"] = Extensions(
            ("urn:ietf:params:rtp-hdrext:sdes:mid", MidId),
            ("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", RidId),
            ("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", RepairedRidId),
            ("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", AbsSendTimeId),
            ("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", TransportWideCcId)),
        ["rtcp"] = new JsonObject { ["cname"] = cname, ["reducedSize"] = true },
    };

    private static JsonArray Feedback(params (string Type, string Parameter)[] entries) =>
        [.. entries.Select(e => (JsonNode)new JsonObject { ["type"] = e.Type, ["parameter"] = e.Parameter })];

    private static JsonArray Extensions(params (string Uri, byte Id)[] entries) =>
        [.. entries.Select(e => (JsonNode)new JsonObject { ["uri"] = e.Uri, ["id"] = e.Id, ["encrypt"] = false, ["parameters"] = new JsonObject() })];
}
