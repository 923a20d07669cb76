namespace Sfu.Transport.Sdp;

/// <summary>
/// Decides whether an offered payload type is a codec we support. Name (case-insensitive), clock rate and channel
/// count must agree, and for codecs whose format parameters select an incompatible bitstream, those too:
/// H.264 packetization-mode and profile (RFC 6184 §8.1), VP9 profile-id, AV1 profile.
/// </summary>
internal static class SdpCodecMatcher
{
    public static SdpCodecCapability? Find(MediaDescription media, int payloadType, IReadOnlyList<SdpCodecCapability> codecs)
    {
        SdpRtpMap? map = media.RtpMapOf(payloadType);
        if (map is null)
        {
            return null;
        }

        SdpFmtp? fmtp = media.FmtpOf(payloadType);
        foreach (SdpCodecCapability codec in codecs)
        {
            if (!codec.IsRtx && Matches(media.Kind, map, fmtp, codec))
            {
                return codec;
            }
        }

        return null;
    }

    public static bool Matches(string kind, SdpRtpMap map, SdpFmtp? fmtp, SdpCodecCapability codec)
    {
        if (!string.Equals(kind, codec.Kind, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(map.EncodingName, codec.Name, StringComparison.OrdinalIgnoreCase)
            || map.ClockRate != codec.ClockRate
            || (map.Channels ?? 1) != (codec.Channels ?? 1))
        {
            return false;
        }

        return codec.Name.ToUpperInvariant() switch
        {
            "H264" => SameValue(fmtp, codec, "packetization-mode", "0") && SameH264Profile(fmtp, codec),
            "VP9" => SameValue(fmtp, codec, "profile-id", "0"),
            "AV1" => SameValue(fmtp, codec, "profile", "0"),
            _ => true,
        };
    }

    private static bool SameValue(SdpFmtp? fmtp, SdpCodecCapability codec, string key, string defaultValue)
    {
        string offered = fmtp?.Get(key) ?? defaultValue;
        string ours = codec.ParameterOf(key) ?? defaultValue;
        return string.Equals(offered, ours, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// profile-level-id is profile_idc, profile-iop, level_idc as hex; the first two bytes name the profile
    /// (42e0 is Constrained Baseline, 4200 Baseline, 4d00 Main, 6400 High). The level may differ: with
    /// level-asymmetry-allowed each direction keeps its own. A capability without the parameter takes any profile.
    /// </summary>
    private static bool SameH264Profile(SdpFmtp? fmtp, SdpCodecCapability codec)
    {
        string? ours = codec.ParameterOf("profile-level-id");
        if (ours is null)
        {
            return true;
        }

        // RFC 6184 §8.1: the default profile-level-id is 420010 (Baseline, level 1).
        string offered = fmtp?.Get("profile-level-id") ?? "420010";
        return offered.Length == 6 && ours.Length == 6
            && string.Equals(offered[..4], ours[..4], StringComparison.OrdinalIgnoreCase);
    }
}
