namespace Sfu.Transport.Sdp;

/// <summary>
/// Limits that keep a hostile description from costing much: it arrives over a WebSocket or an HTTP body before
/// anyone is authenticated to the media plane. Defaults fit a browser offer with dozens of sections.
/// </summary>
public sealed record SdpParserSettings
{
    public static SdpParserSettings Default { get; } = new();

    /// <summary>Largest accepted text, in characters. A Chromium offer with audio, video and data is about 8 KiB.</summary>
    public int MaxTextLength { get; init; } = 256 * 1024;

    /// <summary>Most lines accepted, empty ones included.</summary>
    public int MaxLines { get; init; } = 10_000;

    /// <summary>Most m= sections accepted.</summary>
    public int MaxMediaSections { get; init; } = 128;
}
