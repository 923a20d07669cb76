using System.Text.Json;

namespace Sfu.Transport.Ortc;

/// <summary>
/// Reads and normalises RTP capabilities received from a client (the INIT_TRANSPORTS answer) per PROTOCOL §6.6.1,
/// with mediasoup's leniency (missing arrays become [], defaults filled in) and its strictness (wrong types throw).
/// Every rejection is an <see cref="OrtcException"/>.
/// </summary>
public static class RtpCapabilitiesReader
{
    public static RtpCapabilities Read(ReadOnlyMemory<byte> utf8Json)
    {
        using JsonDocument document = JsonMembers.Parse(utf8Json);
        return Read(document.RootElement);
    }

    public static RtpCapabilities Read(JsonElement caps) => JsonMembers.Guard(caps, ReadValidated);

    private static RtpCapabilities ReadValidated(JsonElement caps)
    {
        if (caps.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("caps is not an object");
        }

        var codecs = new List<RtpCodecCapability>();
        foreach (JsonElement codec in OptionalArray(JsonMembers.Get(caps, "codecs"), "caps.codecs is not an array"))
        {
            codecs.Add(ReadCodec(codec));
        }

        var extensions = new List<RtpHeaderExtension>();
        foreach (JsonElement ext in OptionalArray(JsonMembers.Get(caps, "headerExtensions"), "caps.headerExtensions is not an array"))
        {
            extensions.Add(ReadHeaderExtension(ext));
        }

        return new RtpCapabilities(codecs, extensions);
    }

    /// <summary>Validates one codec capability.</summary>
    private static RtpCodecCapability ReadCodec(JsonElement codec)
    {
        if (codec.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("codec is not an object");
        }

        (string mimeType, MediaKind kind) = CodecJsonReading.MimeType(codec);

        // Optional; mediasoup only rejects a truthy non-number, so 0 (PCMU) is kept and null/false/"" are absent.
        JsonElement preferred = JsonMembers.Get(codec, "preferredPayloadType");
        int? preferredPayloadType = null;
        if (JsonMembers.IsNumber(preferred))
        {
            preferredPayloadType = JsonMembers.Integer(preferred, 0, 127, "invalid codec.preferredPayloadType");
        }
        else if (JsonMembers.IsTruthy(preferred))
        {
            throw new OrtcException("invalid codec.preferredPayloadType");
        }

        int clockRate = CodecJsonReading.ClockRate(codec);
        int? channels = CodecJsonReading.Channels(codec, kind);
        CodecParameters parameters = CodecJsonReading.Parameters(JsonMembers.Get(codec, "parameters"), isCodec: true);
        IReadOnlyList<RtcpFeedback> feedback = CodecJsonReading.RtcpFeedback(JsonMembers.Get(codec, "rtcpFeedback"));
        return new RtpCodecCapability(kind, mimeType, preferredPayloadType, clockRate, channels, parameters, feedback);
    }

    private static RtpHeaderExtension ReadHeaderExtension(JsonElement ext)
    {
        if (ext.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("ext is not an object");
        }

        JsonElement kindValue = JsonMembers.Get(ext, "kind");
        if (kindValue.ValueKind != JsonValueKind.String || !MediaKinds.TryParse(kindValue.GetString(), out MediaKind kind))
        {
            throw new OrtcException("invalid ext.kind");
        }

        string uri = JsonMembers.RequiredString(JsonMembers.Get(ext, "uri"), "missing ext.uri");

        // RFC 8285 ids fit in one byte (1-14 one-byte form, 1-255 two-byte form).
        int preferredId = JsonMembers.Integer(JsonMembers.Get(ext, "preferredId"), 1, 255, "missing ext.preferredId");
        bool preferredEncrypt = OptionalFlag(JsonMembers.Get(ext, "preferredEncrypt"), "invalid ext.preferredEncrypt");
        string direction = JsonMembers.OptionalTruthyString(JsonMembers.Get(ext, "direction"), "invalid ext.direction")
            ?? RtpHeaderExtension.SendRecv;
        return new RtpHeaderExtension(kind, uri, preferredId, preferredEncrypt, direction);
    }

    /// <summary>mediasoup: a truthy non-boolean throws, a falsy value becomes false.</summary>
    internal static bool OptionalFlag(JsonElement value, string error)
    {
        if (!JsonMembers.IsTruthy(value))
        {
            return false;
        }

        return value.ValueKind == JsonValueKind.True ? true : throw new OrtcException(error);
    }

    /// <summary>mediasoup: a truthy non-array throws, a falsy value becomes [].</summary>
    internal static IEnumerable<JsonElement> OptionalArray(JsonElement value, string error)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray();
        }

        return JsonMembers.IsTruthy(value) ? throw new OrtcException(error) : [];
    }
}
