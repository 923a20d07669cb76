using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>
/// RFC 6184 §8.1 profile-level-id parsing and the answer rule used by mediasoup's H264 matching (PROTOCOL §6.6.2).
/// </summary>
public class Rfc6184ProfileLevelIdTests
{
    [Theory]
    [InlineData("42e01f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("42e00c", H264Profile.ConstrainedBaseline, 12)]
    [InlineData("4d801f", H264Profile.ConstrainedBaseline, 31)]  // Main with constraint_set1 = CB
    [InlineData("58c01f", H264Profile.ConstrainedBaseline, 31)]
    [InlineData("42001f", H264Profile.Baseline, 31)]
    [InlineData("58801f", H264Profile.Baseline, 31)]
    [InlineData("4d001f", H264Profile.Main, 31)]
    [InlineData("640028", H264Profile.High, 40)]
    [InlineData("640c0d", H264Profile.ConstrainedHigh, 13)]
    [InlineData("f4001f", H264Profile.PredictiveHigh444, 31)]
    [InlineData("42f00b", H264Profile.ConstrainedBaseline, H264ProfileLevelId.Level1b)]  // level_idc 11 + set3 flag
    [InlineData("42e00b", H264Profile.ConstrainedBaseline, 11)]
    [InlineData("42E01F", H264Profile.ConstrainedBaseline, 31)]
    public void Parses_profile_and_level(string text, H264Profile profile, int level)
    {
        H264ProfileLevelId.TryParse(text, out H264ProfileLevelId parsed).Should().BeTrue();

        parsed.Should().Be(new H264ProfileLevelId(profile, level));
    }

    [Theory]
    [InlineData("42e01")]    // five characters
    [InlineData("42e01f0")]  // seven
    [InlineData("000000")]   // zero
    [InlineData("42e0ff")]   // unknown level 255
    [InlineData("42e009")]   // unknown level 9
    [InlineData("6e001f")]   // unknown profile_idc
    [InlineData("64011f")]   // High with a reserved iop bit
    [InlineData("zzzzzz")]
    public void Rejects_unparseable_values(string text)
    {
        H264ProfileLevelId.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void A_number_is_never_a_profile_level_id()
    {
        H264ProfileLevelId.TryParse(CodecParameterValue.FromNumber(420031), out _).Should().BeFalse();
    }

    [Fact]
    public void Missing_or_empty_value_means_constrained_baseline_3_1()
    {
        H264ProfileLevelId.TryFromParameters(CodecParameters.Empty, out H264ProfileLevelId missing).Should().BeTrue();
        H264ProfileLevelId.TryFromParameters(CodecParameters.Of(("profile-level-id", "")), out H264ProfileLevelId empty).Should().BeTrue();

        missing.Should().Be(H264ProfileLevelId.Default);
        empty.Should().Be(new H264ProfileLevelId(H264Profile.ConstrainedBaseline, 31));
    }

    [Theory]
    [InlineData(H264Profile.ConstrainedBaseline, 31, "42e01f")]
    [InlineData(H264Profile.Baseline, 10, "42000a")]
    [InlineData(H264Profile.Main, 52, "4d0034")]
    [InlineData(H264Profile.ConstrainedHigh, 13, "640c0d")]
    [InlineData(H264Profile.High, 40, "640028")]
    [InlineData(H264Profile.PredictiveHigh444, 51, "f40033")]
    [InlineData(H264Profile.ConstrainedBaseline, H264ProfileLevelId.Level1b, "42f00b")]
    [InlineData(H264Profile.Baseline, H264ProfileLevelId.Level1b, "42100b")]
    [InlineData(H264Profile.Main, H264ProfileLevelId.Level1b, "4d100b")]
    [InlineData(H264Profile.High, H264ProfileLevelId.Level1b, null)]
    public void Writes_the_canonical_string(H264Profile profile, int level, string? expected)
    {
        new H264ProfileLevelId(profile, level).ToSdpString().Should().Be(expected);
    }

    [Theory]
    [InlineData("42e01f", "1", "42e00c", "1", "42e01f")]  // asymmetry on both sides: local level wins
    [InlineData("42e00c", "1", "42e01f", "1", "42e00c")]
    [InlineData("42e01f", null, "42e00c", "1", "42e00c")] // no asymmetry: the lower level
    [InlineData("42e00c", "0", "42e01f", "1", "42e00c")]
    [InlineData("42f00b", null, "42e00a", null, "42e00a")] // level 1 is below 1b
    [InlineData("42f00b", null, "42e00c", null, "42f00b")] // 1b is below 1.2
    [InlineData(null, null, "42e00c", null, "42e00c")]     // missing = CB 3.1; answer level min(3.1, 1.2)
    public void Answer_level_follows_level_asymmetry(string? local, string? localAsym, string? remote, string? remoteAsym, string expected)
    {
        H264Answer.TryGenerate(Params(local, localAsym), Params(remote, remoteAsym), out string? answer).Should().BeTrue();

        answer.Should().Be(expected);
    }

    [Fact]
    public void No_profile_level_id_on_either_side_answers_nothing()
    {
        H264Answer.TryGenerate(CodecParameters.Empty, CodecParameters.Empty, out string? answer).Should().BeTrue();

        answer.Should().BeNull();
    }

    [Fact]
    public void Different_profiles_or_garbage_have_no_answer()
    {
        H264Answer.TryGenerate(Params("42e01f", null), Params("640028", null), out _).Should().BeFalse();
        H264Answer.TryGenerate(Params("42e01f", null), Params("xyz", null), out _).Should().BeFalse();
    }

    [Fact]
    public void Level_asymmetry_accepts_number_1_and_string_1_only()
    {
        H264Answer.TryGenerate(
            CodecParameters.Of(("profile-level-id", "42e01f"), ("level-asymmetry-allowed", 1)),
            CodecParameters.Of(("profile-level-id", "42e00c"), ("level-asymmetry-allowed", "1")),
            out string? both).Should().BeTrue();
        H264Answer.TryGenerate(
            CodecParameters.Of(("profile-level-id", "42e01f"), ("level-asymmetry-allowed", 2)),
            CodecParameters.Of(("profile-level-id", "42e00c"), ("level-asymmetry-allowed", 1)),
            out string? notOne).Should().BeTrue();

        both.Should().Be("42e01f");
        notOne.Should().Be("42e00c");
    }

    private static CodecParameters Params(string? profileLevelId, string? asymmetry)
    {
        var pairs = new List<(string, CodecParameterValue)>();
        if (profileLevelId is not null)
        {
            pairs.Add(("profile-level-id", profileLevelId));
        }

        if (asymmetry is not null)
        {
            pairs.Add(("level-asymmetry-allowed", int.Parse(asymmetry, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return CodecParameters.Of(pairs);
    }
}
