using System.Text.Json;

namespace Sfu.Load.Participants;

/// <summary>An INIT_CONSUMER the participant accepted: what it will receive and how the server will send it (§6.5).</summary>
public sealed record ReceivedConsumer(
    string Id,
    string ProducerId,
    string Kind,
    string Type,
    JsonElement SessionId,
    bool Active,
    string Mid,
    uint Ssrc,
    byte PayloadType,
    uint? RtxSsrc,
    byte? RtxPayloadType,
    byte? TransportWideCcId)
{
    private const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public static ReceivedConsumer From(JsonElement payload)
    {
        JsonElement parameters = payload.GetProperty("rtpParameters");
        JsonElement encoding = parameters.GetProperty("encodings")[0];
        JsonElement[] codecs = [.. parameters.GetProperty("codecs").EnumerateArray()];
        JsonElement media = codecs.First(c => !c.GetProperty("mimeType").GetString()!.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase));
        JsonElement? rtx = codecs.Cast<JsonElement?>().FirstOrDefault(c => c!.Value.GetProperty("mimeType").GetString()!.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase));
        return new ReceivedConsumer(
            payload.GetProperty("id").GetString()!,
            payload.GetProperty("producerId").GetString()!,
            payload.GetProperty("kind").GetString()!,
            payload.GetProperty("type").GetString()!,
            payload.GetProperty("sessionId").Clone(),
            payload.GetProperty("active").GetBoolean(),
            parameters.GetProperty("mid").GetString()!,
            encoding.GetProperty("ssrc").GetUInt32(),
            media.GetProperty("payloadType").GetByte(),
            encoding.TryGetProperty("rtx", out JsonElement rtxEncoding) ? rtxEncoding.GetProperty("ssrc").GetUInt32() : null,
            rtx?.GetProperty("payloadType").GetByte(),
            parameters.TryGetProperty("headerExtensions", out JsonElement extensions)
                ? extensions.EnumerateArray().Where(e => e.GetProperty("uri").GetString() == TransportWideCcUri)
                    .Select(e => (byte?)e.GetProperty("id").GetByte()).FirstOrDefault()
                : null);
    }
}
