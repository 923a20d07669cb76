namespace Sfu.Transport.Ortc;

/// <summary>
/// The profile-level-id an answerer puts in its answer (libwebrtc GenerateProfileLevelIdStringForAnswer, used by
/// mediasoup's strict H264 matching, PROTOCOL §6.6.2): same profile required; the answer level is the local one
/// when both sides allow level asymmetry, else the lower of the two.
/// </summary>
public static class H264Answer
{
    /// <summary>
    /// False when no answer can be computed (unparseable value or different profiles). True otherwise, with
    /// <paramref name="profileLevelId"/> null when neither side has a profile-level-id (or for an unspellable 1b).
    /// </summary>
    public static bool TryGenerate(CodecParameters local, CodecParameters remote, out string? profileLevelId)
    {
        profileLevelId = null;
        if (!Has(local) && !Has(remote))
        {
            return true;
        }

        if (!H264ProfileLevelId.TryFromParameters(local, out H264ProfileLevelId localId) ||
            !H264ProfileLevelId.TryFromParameters(remote, out H264ProfileLevelId remoteId) ||
            localId.Profile != remoteId.Profile)
        {
            return false;
        }

        bool asymmetryAllowed = LevelAsymmetryAllowed(local) && LevelAsymmetryAllowed(remote);
        int minLevel = H264ProfileLevelId.IsLessLevel(localId.Level, remoteId.Level) ? localId.Level : remoteId.Level;
        int answerLevel = asymmetryAllowed ? localId.Level : minLevel;
        profileLevelId = new H264ProfileLevelId(localId.Profile, answerLevel).ToSdpString();
        return true;
    }

    /// <summary>Same profile on both sides (levels ignored); false when either value is unparseable.</summary>
    public static bool IsSameProfile(CodecParameters a, CodecParameters b) =>
        H264ProfileLevelId.TryFromParameters(a, out H264ProfileLevelId first) &&
        H264ProfileLevelId.TryFromParameters(b, out H264ProfileLevelId second) &&
        first.Profile == second.Profile;

    private static bool Has(CodecParameters parameters) =>
        parameters.TryGet("profile-level-id", out CodecParameterValue value) && value.IsTruthy;

    /// <summary>RFC 6184 §8.1 level-asymmetry-allowed: accepted as 1, "1" (a JSON true cannot reach here).</summary>
    private static bool LevelAsymmetryAllowed(CodecParameters parameters) =>
        parameters.TryGet("level-asymmetry-allowed", out CodecParameterValue value) &&
        (value == CodecParameterValue.FromNumber(1) || value == CodecParameterValue.FromString("1"));
}
