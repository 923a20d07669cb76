namespace Sfu.Transport.Ortc;

/// <summary>
/// mediasoup's matchCodecs(a, b, {strict, modify}) (PROTOCOL §6.6.2): same mime type (case-insensitive), clock rate
/// and channels; when strict, the codec-specific checks of H264 (packetization-mode, profile, computable answer)
/// and VP9 (profile-id); multiopus stream counts always.
/// </summary>
public static class CodecMatching
{
    public static bool Matches(IRtpCodec a, IRtpCodec b, bool strict) => Match(a, b, strict, out _);

    /// <summary>
    /// Matches and also returns the parameters of <paramref name="a"/> as mediasoup's <c>modify</c> leaves them:
    /// for strict H264, profile-level-id replaced by the answer value (or removed when there is none); otherwise
    /// unchanged.
    /// </summary>
    public static bool Match(IRtpCodec a, IRtpCodec b, bool strict, out CodecParameters modifiedAParameters)
    {
        modifiedAParameters = a.Parameters;
        if (!string.Equals(a.MimeType, b.MimeType, StringComparison.OrdinalIgnoreCase) ||
            a.ClockRate != b.ClockRate ||
            a.Channels != b.Channels)
        {
            return false;
        }

        switch (a.MimeType.ToLowerInvariant())
        {
            case "audio/multiopus":
                return a.Parameters.Get("num_streams") == b.Parameters.Get("num_streams") &&
                    a.Parameters.Get("coupled_streams") == b.Parameters.Get("coupled_streams");
            case "video/h264" or "video/h264-svc" when strict:
                if (OrZero(a.Parameters, "packetization-mode") != OrZero(b.Parameters, "packetization-mode") ||
                    !H264Answer.IsSameProfile(a.Parameters, b.Parameters) ||
                    !H264Answer.TryGenerate(a.Parameters, b.Parameters, out string? answer))
                {
                    return false;
                }

                modifiedAParameters = answer is null
                    ? a.Parameters.Without("profile-level-id")
                    : a.Parameters.With("profile-level-id", answer);
                return true;
            case "video/vp9" when strict:
                return OrZero(a.Parameters, "profile-id") == OrZero(b.Parameters, "profile-id");
            default:
                return true;
        }
    }

    /// <summary>JavaScript's <c>parameters[key] || 0</c>: a missing or falsy value counts as the number 0.</summary>
    private static CodecParameterValue OrZero(CodecParameters parameters, string key) =>
        parameters.TryGet(key, out CodecParameterValue value) && value.IsTruthy ? value : CodecParameterValue.FromNumber(0);
}
