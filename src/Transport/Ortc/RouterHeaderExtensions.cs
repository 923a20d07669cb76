using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Transport.Ortc;

/// <summary>
/// The header extensions the router always advertises, whatever the codecs (PROTOCOL §6.1, mediasoup's supported
/// list in its order). The ids are the router ids used on every consumer stream.
/// </summary>
public static class RouterHeaderExtensions
{
    /// <summary>mediasoup's own transport-wide sequence number extension; browsers never negotiate it.</summary>
    public const string MediasoupPacketIdUri = "urn:mediasoup:params:rtp-hdrext:packet-id";

    public static IReadOnlyList<RtpHeaderExtension> All { get; } =
    [
        SendRecv(MediaKind.Audio, RtpExtensionUris.Mid, 1),
        SendRecv(MediaKind.Video, RtpExtensionUris.Mid, 1),
        RecvOnly(MediaKind.Video, RtpExtensionUris.RtpStreamId, 2),
        RecvOnly(MediaKind.Video, RtpExtensionUris.RepairedRtpStreamId, 3),
        SendRecv(MediaKind.Audio, RtpExtensionUris.AbsSendTime, 4),
        SendRecv(MediaKind.Video, RtpExtensionUris.AbsSendTime, 4),

        // Audio transport-cc is received (bandwidth estimation of uploads) but not sent: audio consumers stay on
        // abs-send-time (§6.5 step 3).
        RecvOnly(MediaKind.Audio, RtpExtensionUris.TransportWideCc, 5),
        SendRecv(MediaKind.Video, RtpExtensionUris.TransportWideCc, 5),
        SendRecv(MediaKind.Audio, RtpExtensionUris.AudioLevel, 6),
        RecvOnly(MediaKind.Video, RtpExtensionUris.DependencyDescriptor, 7),
        SendRecv(MediaKind.Video, RtpExtensionUris.VideoOrientation, 8),
        SendRecv(MediaKind.Video, RtpExtensionUris.TransmissionTimeOffset, 9),
        SendRecv(MediaKind.Audio, RtpExtensionUris.AbsCaptureTime, 10),
        SendRecv(MediaKind.Video, RtpExtensionUris.AbsCaptureTime, 10),
        SendRecv(MediaKind.Audio, RtpExtensionUris.PlayoutDelay, 11),
        SendRecv(MediaKind.Video, RtpExtensionUris.PlayoutDelay, 11),
        SendRecv(MediaKind.Audio, MediasoupPacketIdUri, 12),
        SendRecv(MediaKind.Video, MediasoupPacketIdUri, 12),
    ];

    private static RtpHeaderExtension SendRecv(MediaKind kind, string uri, int id) =>
        new(kind, uri, id, PreferredEncrypt: false, RtpHeaderExtension.SendRecv);

    private static RtpHeaderExtension RecvOnly(MediaKind kind, string uri, int id) =>
        new(kind, uri, id, PreferredEncrypt: false, RtpHeaderExtension.RecvOnly);
}
