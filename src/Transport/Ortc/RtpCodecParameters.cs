namespace Sfu.Transport.Ortc;

/// <summary>
/// A negotiated codec of a producer or consumer (mediasoup RtpCodecParameters). JSON member order: mimeType,
/// payloadType, clockRate, channels, parameters, rtcpFeedback.
/// </summary>
public sealed record RtpCodecParameters(
    string MimeType,
    int PayloadType,
    int ClockRate,
    int? Channels,
    CodecParameters Parameters,
    IReadOnlyList<RtcpFeedback> RtcpFeedback) : IRtpCodec
{
    public MediaKind Kind => RtpCodecMimeTypes.KindOf(MimeType);
}
