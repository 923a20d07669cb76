namespace Sfu.Transport.Ortc;

/// <summary>The two media kinds of the ORTC model ("audio", "video"); data channels are out of scope (SCTP is off).</summary>
public enum MediaKind
{
    Audio,
    Video,
}

/// <summary>Wire spelling of <see cref="MediaKind"/>.</summary>
public static class MediaKinds
{
    public const string AudioName = "audio";

    public const string VideoName = "video";

    public static string ToWire(this MediaKind kind) => kind == MediaKind.Audio ? AudioName : VideoName;

    /// <summary>Exact, case-sensitive match: mediasoup compares header extension kinds with ===.</summary>
    public static bool TryParse(string? text, out MediaKind kind)
    {
        switch (text)
        {
            case AudioName:
                kind = MediaKind.Audio;
                return true;
            case VideoName:
                kind = MediaKind.Video;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
