using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sfu.Transport.Ortc;

/// <summary>
/// Validation and normalisation shared by codec capabilities and codec parameters (PROTOCOL §6.6.1, mediasoup
/// ortc.ts validateRtpCodecCapability / validateRtpCodecParameters). Error messages follow mediasoup's.
/// </summary>
internal static partial class CodecJsonReading
{
    /// <summary>"audio/…" or "video/…", case-insensitive, at least one character after the slash.</summary>
    [GeneratedRegex("^(audio|video)/.+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex MimeTypePattern();

    /// <summary>Returns the mime type as given and the kind taken from its prefix (mediasoup overwrites <c>kind</c> with it).</summary>
    public static (string MimeType, MediaKind Kind) MimeType(JsonElement codec)
    {
        string mimeType = JsonMembers.RequiredString(JsonMembers.Get(codec, "mimeType"), "missing codec.mimeType");
        if (!MimeTypePattern().IsMatch(mimeType))
        {
            throw new OrtcException("invalid codec.mimeType [" + mimeType + "]");
        }

        return (mimeType, RtpCodecMimeTypes.KindOf(mimeType));
    }

    /// <summary>Clock rates are numbers in mediasoup; the worker keeps them as unsigned 32-bit integers.</summary>
    public static int ClockRate(JsonElement codec) =>
        JsonMembers.Integer(JsonMembers.Get(codec, "clockRate"), 1, int.MaxValue, "missing codec.clockRate");

    /// <summary>Audio: a number, 1 when missing or not a number. Video: always removed.</summary>
    public static int? Channels(JsonElement codec, MediaKind kind)
    {
        if (kind != MediaKind.Audio)
        {
            return null;
        }

        JsonElement channels = JsonMembers.Get(codec, "channels");
        return JsonMembers.IsNumber(channels) ? JsonMembers.Integer(channels, 1, 255, "invalid codec.channels") : 1;
    }

    /// <summary>
    /// A parameters object: anything that is not an object becomes {}; each value must be a string or a number;
    /// <c>apt</c> (RFC 4588 associated payload type) must be a number for codecs.
    /// </summary>
    public static CodecParameters Parameters(JsonElement parameters, bool isCodec)
    {
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            return CodecParameters.Empty;
        }

        var pairs = new List<(string, CodecParameterValue)>();
        foreach (JsonProperty property in parameters.EnumerateObject())
        {
            CodecParameterValue value;
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                value = CodecParameterValue.FromString(property.Value.GetString()!);
            }
            else if (JsonMembers.IsNumber(property.Value))
            {
                value = CodecParameterValue.FromNumber(property.Value.GetDouble());
            }
            else
            {
                throw new OrtcException(isCodec
                    ? "invalid codec parameter [key:" + property.Name + "]"
                    : "invalid header extension parameter [key:" + property.Name + "]");
            }

            if (isCodec && property.Name == "apt" && !value.IsNumber)
            {
                throw new OrtcException("invalid codec apt parameter");
            }

            pairs.Add((property.Name, value));
        }

        return CodecParameters.Of(pairs);
    }

    /// <summary>rtcpFeedback: not an array → []; each entry an object with a non-empty string type; parameter "" unless a non-empty string.</summary>
    public static IReadOnlyList<RtcpFeedback> RtcpFeedback(JsonElement feedback)
    {
        if (feedback.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<RtcpFeedback>();
        foreach (JsonElement fb in feedback.EnumerateArray())
        {
            if (fb.ValueKind != JsonValueKind.Object)
            {
                throw new OrtcException("fb is not an object");
            }

            string type = JsonMembers.RequiredString(JsonMembers.Get(fb, "type"), "missing fb.type");
            JsonElement parameter = JsonMembers.Get(fb, "parameter");
            string text = parameter.ValueKind == JsonValueKind.String ? parameter.GetString()! : string.Empty;
            list.Add(new RtcpFeedback(type, text));
        }

        return list;
    }
}
