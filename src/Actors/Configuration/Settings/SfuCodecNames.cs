namespace Sfu.Actors.Configuration;

/// <summary>The codec names AUDIO_CODECS and VIDEO_CODECS may list (PROTOCOL.md section 5.11), in table order.</summary>
public static class SfuCodecNames
{
    public static IReadOnlyList<string> Audio { get; } = Array.AsReadOnly(["opus", "PCMU", "PCMA"]);

    public static IReadOnlyList<string> Video { get; } = Array.AsReadOnly(["VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch"]);
}
