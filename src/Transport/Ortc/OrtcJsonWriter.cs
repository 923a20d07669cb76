using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sfu.Transport.Ortc;

/// <summary>
/// Writes the ORTC model as mediasoup's JSON.stringify would: member names and order of mediasoup, absent members
/// omitted (never null, PROTOCOL §0.3), numbers in JavaScript notation, strings with JSON.stringify's minimal
/// escaping. Compact output: this is the byte string the server sends.
/// </summary>
public static class OrtcJsonWriter
{
    /// <summary>Escapes only what JSON requires, as JSON.stringify does (no \u002B for '+', no HTML escaping).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string ToJson(RtpCapabilities capabilities) => Render(writer => Write(writer, capabilities));

    public static string ToJson(RtpParameters parameters) => Render(writer => Write(writer, parameters));

    /// <summary>Runs a writing action against a compact writer and returns the UTF-8 text as a string.</summary>
    public static string Render(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void Write(Utf8JsonWriter writer, RtpCapabilities capabilities)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("codecs");
        foreach (RtpCodecCapability codec in capabilities.Codecs)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", codec.Kind.ToWire());
            writer.WriteString("mimeType", codec.MimeType);
            if (codec.PreferredPayloadType is int preferred)
            {
                writer.WriteNumber("preferredPayloadType", preferred);
            }

            WriteCodecTail(writer, codec);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("headerExtensions");
        foreach (RtpHeaderExtension ext in capabilities.HeaderExtensions)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", ext.Kind.ToWire());
            writer.WriteString("uri", ext.Uri);
            writer.WriteNumber("preferredId", ext.PreferredId);
            writer.WriteBoolean("preferredEncrypt", ext.PreferredEncrypt);
            writer.WriteString("direction", ext.Direction);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, RtpParameters parameters)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("codecs");
        foreach (RtpCodecParameters codec in parameters.Codecs)
        {
            writer.WriteStartObject();
            writer.WriteString("mimeType", codec.MimeType);
            writer.WriteNumber("payloadType", codec.PayloadType);
            WriteCodecTail(writer, codec);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("headerExtensions");
        foreach (RtpHeaderExtensionParameters ext in parameters.HeaderExtensions)
        {
            writer.WriteStartObject();
            writer.WriteString("uri", ext.Uri);
            writer.WriteNumber("id", ext.Id);
            writer.WriteBoolean("encrypt", ext.Encrypt);
            WriteParameters(writer, "parameters", ext.Parameters);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("encodings");
        foreach (RtpEncodingParameters encoding in parameters.Encodings)
        {
            WriteEncoding(writer, encoding);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("rtcp");
        WriteOptional(writer, "cname", parameters.Rtcp.Cname);
        WriteOptional(writer, "reducedSize", parameters.Rtcp.ReducedSize);
        WriteOptional(writer, "mux", parameters.Rtcp.Mux);
        writer.WriteEndObject();
        WriteOptional(writer, "msid", parameters.Msid);
        WriteOptional(writer, "mid", parameters.Mid);
        writer.WriteEndObject();
    }

    /// <summary>Writes a double as JavaScript would print it.</summary>
    public static void WriteJsNumber(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(JsNumberFormat.Format(value), skipInputValidation: true);
    }

    private static void WriteEncoding(Utf8JsonWriter writer, RtpEncodingParameters encoding)
    {
        writer.WriteStartObject();
        if (encoding.Ssrc is uint ssrc)
        {
            writer.WriteNumber("ssrc", ssrc);
        }

        WriteOptional(writer, "rid", encoding.Rid);
        if (encoding.CodecPayloadType is int codecPayloadType)
        {
            writer.WriteNumber("codecPayloadType", codecPayloadType);
        }

        if (encoding.Rtx is { } rtx)
        {
            writer.WriteStartObject("rtx");
            writer.WriteNumber("ssrc", rtx.Ssrc);
            writer.WriteEndObject();
        }

        WriteOptional(writer, "dtx", encoding.Dtx);
        WriteOptional(writer, "scalabilityMode", encoding.ScalabilityMode);
        WriteOptional(writer, "scaleResolutionDownBy", encoding.ScaleResolutionDownBy);
        WriteOptional(writer, "maxBitrate", encoding.MaxBitrate);
        WriteOptional(writer, "maxFramerate", encoding.MaxFramerate);
        WriteOptional(writer, "active", encoding.Active);
        writer.WriteEndObject();
    }

    private static void WriteCodecTail(Utf8JsonWriter writer, IRtpCodec codec)
    {
        writer.WriteNumber("clockRate", codec.ClockRate);
        if (codec.Channels is int channels)
        {
            writer.WriteNumber("channels", channels);
        }

        WriteParameters(writer, "parameters", codec.Parameters);
        writer.WriteStartArray("rtcpFeedback");
        foreach (RtcpFeedback fb in codec.RtcpFeedback)
        {
            writer.WriteStartObject();
            writer.WriteString("type", fb.Type);
            writer.WriteString("parameter", fb.Parameter);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteParameters(Utf8JsonWriter writer, string name, CodecParameters parameters)
    {
        writer.WriteStartObject(name);
        foreach (KeyValuePair<string, CodecParameterValue> entry in parameters)
        {
            if (entry.Value.IsString)
            {
                writer.WriteString(entry.Key, entry.Value.Text);
            }
            else
            {
                WriteJsNumber(writer, entry.Key, entry.Value.Number);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is bool flag)
        {
            writer.WriteBoolean(name, flag);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is double number)
        {
            WriteJsNumber(writer, name, number);
        }
    }
}
