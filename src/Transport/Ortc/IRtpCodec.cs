namespace Sfu.Transport.Ortc;

/// <summary>What codec matching (PROTOCOL §6.6.2) looks at, shared by capabilities and parameters.</summary>
public interface IRtpCodec
{
    /// <summary>"audio/opus", "video/rtx"…, as received (matching is case-insensitive).</summary>
    string MimeType { get; }

    int ClockRate { get; }

    /// <summary>Audio channels; null for video (mediasoup deletes the member for video).</summary>
    int? Channels { get; }

    CodecParameters Parameters { get; }

    IReadOnlyList<RtcpFeedback> RtcpFeedback { get; }
}

/// <summary>Helpers over <see cref="IRtpCodec"/> mime types.</summary>
public static class RtpCodecMimeTypes
{
    /// <summary>RFC 4588 retransmission "codec": any "&lt;kind&gt;/rtx", case-insensitively.</summary>
    public static bool IsRtx(this IRtpCodec codec) => IsRtxMimeType(codec.MimeType);

    public static bool IsRtxMimeType(string mimeType)
    {
        int slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && mimeType.AsSpan(slash + 1).Equals("rtx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The kind prefix of a validated mime type ("audio/…" or "video/…").</summary>
    public static MediaKind KindOf(string mimeType) =>
        mimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;
}
