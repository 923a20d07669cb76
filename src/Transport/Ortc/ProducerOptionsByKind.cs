using System.Text.Json;

namespace Sfu.Transport.Ortc;

/// <summary>
/// The <c>producerOptionsByKind</c> of INIT_TRANSPORTS (PROTOCOL §5.10, R65): options the client spreads into
/// mediasoup-client's produce(). Video is always three simulcast layers at 1/4, 1/2 and full resolution.
/// </summary>
public static class ProducerOptionsByKind
{
    /// <param name="maxVideoBitrate">MAX_VIDEO_BITRATE in bps (default 4000000).</param>
    public static string ToJson(long maxVideoBitrate) => OrtcJsonWriter.Render(writer => Write(writer, maxVideoBitrate));

    public static void Write(Utf8JsonWriter writer, long maxVideoBitrate)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartObject("audio");
        WriteCommon(writer);
        writer.WriteEndObject();

        writer.WriteStartObject("video");
        WriteCommon(writer);

        // Upstream's x-google-* values: libwebrtc reads them as kbps, so this asks for a 1 Mbps floor (Q8). Kept
        // identical because clients' upload behaviour depends on it.
        writer.WriteStartObject("codecOptions");
        writer.WriteNumber("videoGoogleMinBitrate", 1000);
        writer.WriteNumber("videoGoogleStartBitrate", 1000000);
        OrtcJsonWriter.WriteJsNumber(writer, "videoGoogleMaxBitrate", 2d * maxVideoBitrate);
        writer.WriteEndObject();

        writer.WriteStartArray("encodings");
        WriteLayer(writer, 4, Math.Floor(maxVideoBitrate / 4d));
        WriteLayer(writer, 2, Math.Floor(maxVideoBitrate / 2d));
        WriteLayer(writer, 1, maxVideoBitrate);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("stopTracks", false);
        writer.WriteBoolean("disableTrackOnPause", false);
        writer.WriteBoolean("zeroRtpOnPause", true);
    }

    private static void WriteLayer(Utf8JsonWriter writer, int scaleResolutionDownBy, double maxBitrate)
    {
        writer.WriteStartObject();
        writer.WriteNumber("scaleResolutionDownBy", scaleResolutionDownBy);
        OrtcJsonWriter.WriteJsNumber(writer, "maxBitrate", maxBitrate);
        writer.WriteEndObject();
    }
}
