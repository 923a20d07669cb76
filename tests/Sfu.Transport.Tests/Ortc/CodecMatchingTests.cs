using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>PROTOCOL §6.6.2 and R73: matchCodecs(a, b, strict, modify).</summary>
public class CodecMatchingTests
{
    [Fact]
    public void Mime_types_compare_case_insensitively_and_clock_rate_and_channels_must_be_equal()
    {
        CodecMatching.Matches(Audio("audio/OPUS", 48000, 2), Audio("audio/opus", 48000, 2), strict: true).Should().BeTrue();
        CodecMatching.Matches(Audio("audio/opus", 48000, 1), Audio("audio/opus", 48000, 2), strict: true).Should().BeFalse();
        CodecMatching.Matches(Audio("audio/opus", 16000, 2), Audio("audio/opus", 48000, 2), strict: true).Should().BeFalse();
        CodecMatching.Matches(Audio("audio/PCMU", 8000, 1), Audio("audio/PCMA", 8000, 1), strict: true).Should().BeFalse();
    }

    [Fact]
    public void H264_packetization_mode_must_be_equal_and_missing_counts_as_zero()
    {
        CodecMatching.Matches(H264(("packetization-mode", 1)), H264(("packetization-mode", 1)), strict: true).Should().BeTrue();
        CodecMatching.Matches(H264(("packetization-mode", 1)), H264(), strict: true).Should().BeFalse();
        CodecMatching.Matches(H264(("packetization-mode", 0)), H264(), strict: true).Should().BeTrue();
        CodecMatching.Matches(H264(("packetization-mode", "1")), H264(("packetization-mode", 1)), strict: true).Should().BeFalse();
    }

    [Fact]
    public void H264_profiles_must_be_equal_when_strict_only()
    {
        VideoCodec high = H264(("profile-level-id", "640028"));
        VideoCodec baseline = H264(("profile-level-id", "42e01f"));

        CodecMatching.Matches(high, baseline, strict: true).Should().BeFalse();
        CodecMatching.Matches(high, baseline, strict: false).Should().BeTrue();
        CodecMatching.Matches(baseline, H264(("profile-level-id", "42e00c")), strict: true).Should().BeTrue();
    }

    [Fact]
    public void A_numeric_profile_level_id_never_matches()
    {
        CodecMatching.Matches(H264(("profile-level-id", 420031)), H264(("profile-level-id", 420031)), strict: true).Should().BeFalse();
    }

    [Fact]
    public void Modify_rewrites_the_first_codec_profile_level_id_to_the_answer()
    {
        VideoCodec browser = H264(("level-asymmetry-allowed", 1), ("packetization-mode", 1), ("profile-level-id", "42e01f"));
        VideoCodec routerNoAsymmetry = H264(("packetization-mode", 1), ("profile-level-id", "42e00c"));

        CodecMatching.Match(browser, routerNoAsymmetry, strict: true, out CodecParameters modified).Should().BeTrue();

        modified.ToString().Should().Be("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e00c");
    }

    [Fact]
    public void Modify_removes_the_profile_level_id_when_neither_side_has_one()
    {
        VideoCodec a = H264(("packetization-mode", 1), ("profile-level-id", ""));

        CodecMatching.Match(a, H264(("packetization-mode", 1)), strict: true, out CodecParameters modified).Should().BeTrue();

        modified.ToString().Should().Be("packetization-mode=1");
    }

    [Fact]
    public void Vp9_profile_id_must_be_equal_with_missing_as_zero()
    {
        CodecMatching.Matches(Vp9(("profile-id", 2)), Vp9(("profile-id", 2)), strict: true).Should().BeTrue();
        CodecMatching.Matches(Vp9(), Vp9(("profile-id", 2)), strict: true).Should().BeFalse();
        CodecMatching.Matches(Vp9(), Vp9(("profile-id", 0)), strict: true).Should().BeTrue();
        CodecMatching.Matches(Vp9(), Vp9(("profile-id", 2)), strict: false).Should().BeTrue();
        CodecMatching.Matches(Vp9(("profile-id", "2")), Vp9(("profile-id", 2)), strict: true).Should().BeFalse();
    }

    [Fact]
    public void Rtx_matches_any_rtx_with_the_same_clock_rate()
    {
        var rtx101 = new VideoCodec("video/rtx", CodecParameters.Of(("apt", 101)));
        var rtx97 = new VideoCodec("video/rtx", CodecParameters.Of(("apt", 97)));

        CodecMatching.Matches(rtx101, rtx97, strict: true).Should().BeTrue();
    }

    [Fact]
    public void Multiopus_compares_stream_counts_even_when_not_strict()
    {
        var a = new RtpCodecParameters("audio/multiopus", 100, 48000, 6, CodecParameters.Of(("num_streams", 4), ("coupled_streams", 2)), []);
        var b = a with { Parameters = CodecParameters.Of(("num_streams", 3), ("coupled_streams", 2)) };

        CodecMatching.Matches(a, a, strict: false).Should().BeTrue();
        CodecMatching.Matches(a, b, strict: false).Should().BeFalse();
    }

    private static RtpCodecParameters Audio(string mimeType, int clockRate, int channels) =>
        new(mimeType, 100, clockRate, channels, CodecParameters.Empty, []);

    private static VideoCodec H264(params (string, CodecParameterValue)[] parameters) => new("video/H264", CodecParameters.Of(parameters));

    private static VideoCodec Vp9(params (string, CodecParameterValue)[] parameters) => new("video/VP9", CodecParameters.Of(parameters));

    private sealed record VideoCodec(string MimeType, CodecParameters Parameters) : IRtpCodec
    {
        public int ClockRate => 90000;

        public int? Channels => null;

        public IReadOnlyList<RtcpFeedback> RtcpFeedback => [];
    }
}
