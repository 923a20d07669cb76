namespace Sfu.Transport.Sdp;

/// <summary><c>a=rtpmap:111 opus/48000/2</c> (RFC 8866 §6.6). Channels are written only for audio codecs that say so.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null);

/// <summary>
/// <c>a=fmtp:96 key=value;key=value</c> (RFC 8866 §6.15). Parameters keep their order; a parameter without "="
/// (RED's "111/111", telephone-event's "0-16") has a null value.
/// </summary>
public sealed record SdpFmtp(int PayloadType, ValueList<SdpFmtpParameter> Parameters)
{
    /// <summary>The value of the first parameter with this name (case-insensitive, RFC 8866 §6.15 leaves case to the codec; all WebRTC codecs use lower case).</summary>
    public string? Get(string key)
    {
        foreach (SdpFmtpParameter parameter in Parameters)
        {
            if (string.Equals(parameter.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return parameter.Value;
            }
        }

        return null;
    }
}

public sealed record SdpFmtpParameter(string Key, string? Value);

/// <summary>
/// <c>a=rtcp-fb:96 nack pli</c> (RFC 4585 §4.2): payload type or "*" (null here), a feedback type and an
/// optional parameter (the rest of the line, e.g. "pli", "fir", "tmmbr smaxpr=120").
/// </summary>
public sealed record SdpRtcpFeedback(int? PayloadType, string Type, string? Subtype = null);

/// <summary>
/// <c>a=extmap:3/sendonly uri attributes</c> (RFC 8285 §8): a local id, an optional direction, the extension
/// URI and optional extension attributes.
/// </summary>
public sealed record SdpExtmap(int Id, string Uri, SdpDirection? Direction = null, string? Attributes = null);

/// <summary><c>a=msid:stream track</c> (RFC 8830 §2): the stream id and the optional application data (track id).</summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null);

/// <summary><c>a=ssrc:1234 cname:abc</c> (RFC 5576 §4.1): one source attribute per line; value null when there is no ":".</summary>
public sealed record SdpSsrcAttribute(uint Ssrc, string Name, string? Value);

/// <summary><c>a=ssrc-group:FID 1234 5678</c> (RFC 5576 §4.2): FID pairs a source with its RTX source (RFC 4588 §8), SIM lists simulcast layers.</summary>
public sealed record SdpSsrcGroup(string Semantics, ValueList<uint> Ssrcs)
{
    public const string Fid = "FID";

    public const string Sim = "SIM";
}
