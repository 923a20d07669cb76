namespace Sfu.Transport.Sdp;

/// <summary>
/// One media section: the <c>m=</c> line and everything up to the next one (RFC 8866 §5.14). Attributes WebRTC
/// uses have typed fields; the rest stays in <see cref="OtherAttributes"/> verbatim.
/// </summary>
public sealed record MediaDescription
{
    public const string Audio = "audio";

    public const string Video = "video";

    public const string Application = "application";

    /// <summary>"audio", "video", "application" (or another media type, kept as written).</summary>
    public required string Kind { get; init; }

    /// <summary>0 rejects the section (RFC 3264 §6); 9 is the "discard" placeholder of trickle ICE (RFC 8840 §4.1.1).</summary>
    public int Port { get; init; } = 9;

    /// <summary>The "/n" after the port, when written (RFC 8866 §5.14); WebRTC never uses it.</summary>
    public int? PortCount { get; init; }

    /// <summary>"UDP/TLS/RTP/SAVPF" for media, "UDP/DTLS/SCTP" for data channels (RFC 8829 §5.1.2).</summary>
    public required string Protocol { get; init; }

    /// <summary>The formats of the m= line: payload type numbers for RTP, "webrtc-datachannel" for SCTP.</summary>
    public ValueList<string> Formats { get; init; } = ValueList<string>.Empty;

    public SdpConnection? Connection { get; init; }

    /// <summary>i=, b= and k= lines of the section, verbatim and in order.</summary>
    public ValueList<SdpLine> ExtraLines { get; init; } = ValueList<SdpLine>.Empty;

    public string? Mid { get; init; }

    /// <summary>The direction attribute, null when the section has none (which means sendrecv, RFC 8866 §6.7).</summary>
    public SdpDirection? Direction { get; init; }

    public string? IceUfrag { get; init; }

    public string? IcePwd { get; init; }

    public ValueList<string> IceOptions { get; init; } = ValueList<string>.Empty;

    public ValueList<SdpCandidate> Candidates { get; init; } = ValueList<SdpCandidate>.Empty;

    public bool EndOfCandidates { get; init; }

    public ValueList<SdpFingerprint> Fingerprints { get; init; } = ValueList<SdpFingerprint>.Empty;

    public SdpSetup? Setup { get; init; }

    public bool RtcpMux { get; init; }

    public bool RtcpReducedSize { get; init; }

    /// <summary>rtpmap lines, grouped by payload type in m= line order (the order the writer uses).</summary>
    public ValueList<SdpRtpMap> RtpMaps { get; init; } = ValueList<SdpRtpMap>.Empty;

    /// <summary>fmtp lines, grouped by payload type in m= line order.</summary>
    public ValueList<SdpFmtp> Fmtps { get; init; } = ValueList<SdpFmtp>.Empty;

    /// <summary>rtcp-fb lines, "*" first, then grouped by payload type in m= line order.</summary>
    public ValueList<SdpRtcpFeedback> RtcpFeedbacks { get; init; } = ValueList<SdpRtcpFeedback>.Empty;

    public ValueList<SdpExtmap> Extmaps { get; init; } = ValueList<SdpExtmap>.Empty;

    public bool ExtmapAllowMixed { get; init; }

    public ValueList<SdpMsid> Msids { get; init; } = ValueList<SdpMsid>.Empty;

    public ValueList<SdpSsrcAttribute> Ssrcs { get; init; } = ValueList<SdpSsrcAttribute>.Empty;

    public ValueList<SdpSsrcGroup> SsrcGroups { get; init; } = ValueList<SdpSsrcGroup>.Empty;

    public ValueList<SdpRid> Rids { get; init; } = ValueList<SdpRid>.Empty;

    public SdpSimulcast? Simulcast { get; init; }

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5).</summary>
    public int? SctpPort { get; init; }

    /// <summary><c>a=max-message-size</c> (RFC 8841 §6); 0 means "no limit".</summary>
    public long? MaxMessageSize { get; init; }

    public ValueList<SdpAttribute> OtherAttributes { get; init; } = ValueList<SdpAttribute>.Empty;

    /// <summary>The direction in effect: sendrecv when the section has no direction attribute.</summary>
    public SdpDirection EffectiveDirection => Direction ?? SdpDirection.SendRecv;

    public bool IsRejected => Port == 0;

    /// <summary>True for RTP profiles, whose formats are payload type numbers (RFC 8866 §5.14).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.Ordinal);

    public SdpRtpMap? RtpMapOf(int payloadType)
    {
        foreach (SdpRtpMap map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    public SdpFmtp? FmtpOf(int payloadType)
    {
        foreach (SdpFmtp fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }

    /// <summary>The feedback that applies to a payload type: its own lines and the "*" lines.</summary>
    public IEnumerable<SdpRtcpFeedback> RtcpFeedbacksOf(int payloadType) =>
        RtcpFeedbacks.Where(feedback => feedback.PayloadType is null || feedback.PayloadType == payloadType);

    /// <summary>The m= line formats read as payload types (those that are numbers).</summary>
    public IEnumerable<int> PayloadTypes()
    {
        foreach (string format in Formats)
        {
            if (SdpText.TryParseInt(format, 127, out int payloadType))
            {
                yield return payloadType;
            }
        }
    }
}
