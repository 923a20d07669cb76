namespace Sfu.Transport.Rtp.Extensions;

/// <summary>The URIs that name, in SDP extmap lines and ORTC parameters, the header extensions an SFU handles.</summary>
public static class RtpExtensionUris
{
    /// <summary>RFC 8843 §15.2: the BUNDLE media identification.</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.1: the RtpStreamId of a simulcast encoding.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2: the RtpStreamId a redundancy (RTX) stream repairs.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>RFC 6464.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>3GPP TS 26.114 coordination of video orientation, referenced by RFC 7742 §4.</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RFC 5450.</summary>
    public const string TransmissionTimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
}
