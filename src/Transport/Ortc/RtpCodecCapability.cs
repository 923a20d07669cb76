namespace Sfu.Transport.Ortc;

/// <summary>
/// A codec the router (or a client) can handle (mediasoup RtpCodecCapability). JSON member order:
/// kind, mimeType, preferredPayloadType, clockRate, channels, parameters, rtcpFeedback (Appendix A).
/// </summary>
public sealed record RtpCodecCapability(
    MediaKind Kind,
    string MimeType,
    int? PreferredPayloadType,
    int ClockRate,
    int? Channels,
    CodecParameters Parameters,
    IReadOnlyList<RtcpFeedback> RtcpFeedback) : IRtpCodec;
