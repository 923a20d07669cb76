namespace Sfu.Transport.Ortc;

/// <summary>
/// The codecs AUDIO_CODECS / VIDEO_CODECS may name (PROTOCOL §5.11), each as the router advertises it before
/// payload types are assigned: mime type, clock rate, channels, parameters (value types preserved: numbers stay
/// numbers) and mediasoup's supported RTCP feedback for that codec (§6.1).
/// </summary>
public static class RouterCodecTable
{
    private static readonly RtcpFeedback[] OpusFeedback = [RtcpFeedback.Nack, RtcpFeedback.TransportCc];

    private static readonly RtcpFeedback[] G711Feedback = [RtcpFeedback.TransportCc];

    private static readonly RtcpFeedback[] VideoFeedback =
        [RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.CcmFir, RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc];

    /// <summary>Names in table order, which is also the default order when the variable is unset.</summary>
    public static IReadOnlyList<string> AudioNames { get; } = ["opus", "PCMU", "PCMA"];

    public static IReadOnlyList<string> VideoNames { get; } = ["VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch"];

    /// <summary>
    /// The codec entry for a name of the given kind, or null for a name that is not in the table for that kind
    /// (names are case-sensitive and never trimmed). The preferred payload type is set only for the static
    /// RFC 3551 types (PCMU 0, PCMA 8).
    /// </summary>
    public static RtpCodecCapability? Find(MediaKind kind, string name) => (kind, name) switch
    {
        (MediaKind.Audio, "opus") => Audio("audio/opus", null, 48000, 2, OpusFeedback),
        (MediaKind.Audio, "PCMU") => Audio("audio/PCMU", 0, 8000, 1, G711Feedback),
        (MediaKind.Audio, "PCMA") => Audio("audio/PCMA", 8, 8000, 1, G711Feedback),
        (MediaKind.Video, "VP8") => Video("video/VP8", CodecParameters.Empty),
        (MediaKind.Video, "VP9") => Video("video/VP9", CodecParameters.Of(("profile-id", 2))),
        (MediaKind.Video, "H264") => Video("video/H264", H264("640028")),
        (MediaKind.Video, "H264_1_2cb") => Video("video/H264", H264("42e00c")),
        (MediaKind.Video, "H264_1_3ch") => Video("video/H264", H264("640c0d")),
        _ => null,
    };

    private static RtpCodecCapability Audio(string mimeType, int? payloadType, int clockRate, int channels, RtcpFeedback[] feedback) =>
        new(MediaKind.Audio, mimeType, payloadType, clockRate, channels, CodecParameters.Empty, feedback);

    private static RtpCodecCapability Video(string mimeType, CodecParameters parameters) =>
        new(MediaKind.Video, mimeType, null, 90000, null, parameters, VideoFeedback);

    // mediasoup's supported H264 entry carries level-asymmetry-allowed; odoo's settings add the other two, in this
    // key order (the spread keeps mediasoup's key first).
    private static CodecParameters H264(string profileLevelId) => CodecParameters.Of(
        ("level-asymmetry-allowed", 1),
        ("packetization-mode", 1),
        ("profile-level-id", profileLevelId));
}
