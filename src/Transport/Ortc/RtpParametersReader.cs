using System.Text.Json;

namespace Sfu.Transport.Ortc;

/// <summary>
/// Reads and normalises a producer's RTP parameters (INIT_PRODUCER) per PROTOCOL §6.6.1 (mediasoup
/// validateRtpParameters), then applies the consistency checks mediasoup's worker makes before accepting a
/// producer (<see cref="RtpParametersConsistency"/>). Every rejection is an <see cref="OrtcException"/>.
/// Members mediasoup never looks at (encoding priority, adaptivePtime…) are dropped; no consumer ever sees them.
/// </summary>
public static class RtpParametersReader
{
    public static RtpParameters Read(ReadOnlyMemory<byte> utf8Json)
    {
        using JsonDocument document = JsonMembers.Parse(utf8Json);
        return Read(document.RootElement);
    }

    public static RtpParameters Read(JsonElement parameters) => JsonMembers.Guard(parameters, ReadValidated);

    private static RtpParameters ReadValidated(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("params is not an object");
        }

        string? mid = JsonMembers.OptionalTruthyString(JsonMembers.Get(parameters, "mid"), "params.mid is not a string");

        JsonElement codecsValue = JsonMembers.Get(parameters, "codecs");
        if (codecsValue.ValueKind != JsonValueKind.Array)
        {
            throw new OrtcException("missing params.codecs");
        }

        var codecs = new List<RtpCodecParameters>();
        foreach (JsonElement codec in codecsValue.EnumerateArray())
        {
            codecs.Add(ReadCodec(codec));
        }

        var extensions = new List<RtpHeaderExtensionParameters>();
        foreach (JsonElement ext in RtpCapabilitiesReader.OptionalArray(
            JsonMembers.Get(parameters, "headerExtensions"), "params.headerExtensions is not an array"))
        {
            extensions.Add(ReadHeaderExtension(ext));
        }

        var encodings = new List<RtpEncodingParameters>();
        foreach (JsonElement encoding in RtpCapabilitiesReader.OptionalArray(
            JsonMembers.Get(parameters, "encodings"), "params.encodings is not an array"))
        {
            encodings.Add(ReadEncoding(encoding));
        }

        // mediasoup's Transport.produce() assumes a single plain encoding when none is given.
        if (encodings.Count == 0)
        {
            encodings.Add(new RtpEncodingParameters { Dtx = false });
        }

        RtcpParameters rtcp = ReadRtcp(JsonMembers.Get(parameters, "rtcp"));
        string? msid = JsonMembers.OptionalTruthyString(JsonMembers.Get(parameters, "msid"), "params.msid is not a string");

        var result = new RtpParameters(codecs, extensions, encodings, rtcp, mid, msid);
        RtpParametersConsistency.Check(result);
        return result;
    }

    private static RtpCodecParameters ReadCodec(JsonElement codec)
    {
        if (codec.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("codec is not an object");
        }

        (string mimeType, MediaKind kind) = CodecJsonReading.MimeType(codec);
        int payloadType = JsonMembers.Integer(JsonMembers.Get(codec, "payloadType"), 0, 127, "missing codec.payloadType");
        int clockRate = CodecJsonReading.ClockRate(codec);
        int? channels = CodecJsonReading.Channels(codec, kind);
        CodecParameters parameters = CodecJsonReading.Parameters(JsonMembers.Get(codec, "parameters"), isCodec: true);
        IReadOnlyList<RtcpFeedback> feedback = CodecJsonReading.RtcpFeedback(JsonMembers.Get(codec, "rtcpFeedback"));
        return new RtpCodecParameters(mimeType, payloadType, clockRate, channels, parameters, feedback);
    }

    private static RtpHeaderExtensionParameters ReadHeaderExtension(JsonElement ext)
    {
        if (ext.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("ext is not an object");
        }

        string uri = JsonMembers.RequiredString(JsonMembers.Get(ext, "uri"), "missing ext.uri");
        int id = JsonMembers.Integer(JsonMembers.Get(ext, "id"), 1, 255, "missing ext.id");
        bool encrypt = RtpCapabilitiesReader.OptionalFlag(JsonMembers.Get(ext, "encrypt"), "invalid ext.encrypt");
        CodecParameters parameters = CodecJsonReading.Parameters(JsonMembers.Get(ext, "parameters"), isCodec: false);
        return new RtpHeaderExtensionParameters(uri, id, encrypt, parameters);
    }

    private static RtpEncodingParameters ReadEncoding(JsonElement encoding)
    {
        if (encoding.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("encoding is not an object");
        }

        // ssrc: only a truthy non-number is an error in mediasoup; 0 means "no SSRC" to every later rule.
        JsonElement ssrcValue = JsonMembers.Get(encoding, "ssrc");
        uint? ssrc = null;
        if (JsonMembers.IsTruthy(ssrcValue))
        {
            ssrc = JsonMembers.UnsignedInteger(ssrcValue, "invalid encoding.ssrc");
        }

        string? rid = JsonMembers.OptionalTruthyString(JsonMembers.Get(encoding, "rid"), "invalid encoding.rid");

        RtxParameters? rtx = null;
        JsonElement rtxValue = JsonMembers.Get(encoding, "rtx");
        if (JsonMembers.IsTruthy(rtxValue))
        {
            if (rtxValue.ValueKind != JsonValueKind.Object)
            {
                throw new OrtcException("invalid encoding.rtx");
            }

            rtx = new RtxParameters(JsonMembers.UnsignedInteger(JsonMembers.Get(rtxValue, "ssrc"), "missing encoding.rtx.ssrc"));
        }

        JsonElement codecPayloadTypeValue = JsonMembers.Get(encoding, "codecPayloadType");
        int? codecPayloadType = codecPayloadTypeValue.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            ? null
            : JsonMembers.Integer(codecPayloadTypeValue, 0, 127, "invalid encoding.codecPayloadType");

        return new RtpEncodingParameters
        {
            Ssrc = ssrc,
            Rid = rid,
            CodecPayloadType = codecPayloadType,
            Rtx = rtx,

            // dtx is forced to a boolean: anything but true is false.
            Dtx = JsonMembers.Get(encoding, "dtx").ValueKind == JsonValueKind.True,
            ScalabilityMode = JsonMembers.OptionalTruthyString(
                JsonMembers.Get(encoding, "scalabilityMode"), "invalid encoding.scalabilityMode"),
            ScaleResolutionDownBy = JsonMembers.OptionalNumber(
                JsonMembers.Get(encoding, "scaleResolutionDownBy"), "invalid encoding.scaleResolutionDownBy"),
            MaxBitrate = JsonMembers.OptionalNumber(JsonMembers.Get(encoding, "maxBitrate"), "invalid encoding.maxBitrate"),
            MaxFramerate = JsonMembers.OptionalNumber(JsonMembers.Get(encoding, "maxFramerate"), "invalid encoding.maxFramerate"),
            Active = JsonMembers.OptionalBoolean(JsonMembers.Get(encoding, "active"), "invalid encoding.active"),
        };
    }

    private static RtcpParameters ReadRtcp(JsonElement rtcp)
    {
        if (!JsonMembers.IsTruthy(rtcp))
        {
            return new RtcpParameters(ReducedSize: true);
        }

        if (rtcp.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("params.rtcp is not an object");
        }

        // cname keeps "" (rid simulcast sends it, and the transport CNAME rule tells "" from a real value).
        JsonElement cnameValue = JsonMembers.Get(rtcp, "cname");
        string? cname = cnameValue.ValueKind == JsonValueKind.String
            ? cnameValue.GetString()
            : JsonMembers.OptionalTruthyString(cnameValue, "invalid rtcp.cname");

        // reducedSize is forced to true whatever was sent (RFC 5506 reduced-size RTCP is always on).
        bool? mux = JsonMembers.Get(rtcp, "mux").ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
        return new RtcpParameters(cname, ReducedSize: true, mux);
    }
}
