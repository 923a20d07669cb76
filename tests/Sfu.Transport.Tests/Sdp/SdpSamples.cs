using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

/// <summary>The committed SDP corpus (Sdp/Corpus/*.sdp, copied next to the tests) and the server side used to answer it.</summary>
internal static class SdpSamples
{
    public const string Fingerprint =
        "F0:0D:12:34:56:78:9A:BC:DE:F0:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:01:02:03:04:05:06";

    public static IReadOnlyList<string> Names { get; } = Directory
        .GetFiles(Path.Combine(AppContext.BaseDirectory, "Sdp", "Corpus"), "*.sdp")
        .Select(Path.GetFileNameWithoutExtension)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sdp", "Corpus", name + ".sdp"));

    public static SessionDescription Parse(string name)
    {
        SdpParser.TryParse(Text(name), out SessionDescription? sdp, out string? error).Should().BeTrue(error);
        return sdp!;
    }

    public static ValueList<SdpRtcpFeedback> VideoFeedback { get; } =
    [
        new(null, "transport-cc"), new(null, "ccm", "fir"), new(null, "nack"), new(null, "nack", "pli"),
    ];

    /// <summary>What the server forwards (PROTOCOL §5: opus, VP8, H264 with RTX), Chromium's usual extensions.</summary>
    public static ValueList<SdpCodecCapability> Codecs { get; } =
    [
        new(MediaDescription.Audio, "opus", 48000, 2) { Feedback = [new(null, "transport-cc"), new(null, "nack")] },
        new(MediaDescription.Video, "VP8", 90000) { Feedback = VideoFeedback },
        new(MediaDescription.Video, "H264", 90000)
        {
            Parameters = [new("packetization-mode", "1"), new("profile-level-id", "42e01f"), new("level-asymmetry-allowed", "1")],
            Feedback = VideoFeedback,
        },
        new(MediaDescription.Video, "rtx", 90000),
    ];

    public static ValueList<string> Extensions { get; } =
    [
        "urn:ietf:params:rtp-hdrext:sdes:mid",
        "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
        "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "urn:3gpp:video-orientation",
    ];

    public static SdpAnswerOptions ServerSide() => new()
    {
        IceUfrag = "srvUfrag1",
        IcePwd = "srvPasswordOf22CharsOK+",
        Fingerprint = new SdpFingerprint("sha-256", Fingerprint),
        Candidates =
        [
            SdpCandidate.FromIce(Sfu.Transport.Ice.IceCandidate.HostUdp("127.0.0.1", 40000)),
            SdpCandidate.FromIce(Sfu.Transport.Ice.IceCandidate.HostTcpPassive("127.0.0.1", 40001)),
        ],
        Codecs = Codecs,
        HeaderExtensionUris = Extensions,
    };
}
