namespace Sfu.Transport.Sdp;

/// <summary>
/// A parsed SDP description (RFC 8866): session level and media sections. Session-level ICE credentials,
/// fingerprints and setup apply to the sections that lack their own (RFC 8839 §5.4, RFC 8842 §5); the
/// <c>…For(media)</c> methods resolve that.
/// </summary>
public sealed record SessionDescription
{
    public required SdpOrigin Origin { get; init; }

    public string SessionName { get; init; } = "-";

    public SdpConnection? Connection { get; init; }

    public SdpTiming Timing { get; init; } = new(0, 0);

    /// <summary>i=, u=, e=, p=, b=, r=, z=, k= lines (and any t= after the first), verbatim and in order.</summary>
    public ValueList<SdpLine> ExtraLines { get; init; } = ValueList<SdpLine>.Empty;

    public ValueList<SdpGroup> Groups { get; init; } = ValueList<SdpGroup>.Empty;

    /// <summary><c>a=ice-lite</c> (RFC 8839 §5.3): the writer only answers connectivity checks.</summary>
    public bool IceLite { get; init; }

    public ValueList<string> IceOptions { get; init; } = ValueList<string>.Empty;

    public SdpMsidSemantic? MsidSemantic { get; init; }

    public string? IceUfrag { get; init; }

    public string? IcePwd { get; init; }

    public ValueList<SdpFingerprint> Fingerprints { get; init; } = ValueList<SdpFingerprint>.Empty;

    public SdpSetup? Setup { get; init; }

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285 §6): one- and two-byte header extensions may be mixed.</summary>
    public bool ExtmapAllowMixed { get; init; }

    public ValueList<SdpAttribute> OtherAttributes { get; init; } = ValueList<SdpAttribute>.Empty;

    public ValueList<MediaDescription> Media { get; init; } = ValueList<MediaDescription>.Empty;

    /// <summary>The mids of the first BUNDLE group (RFC 8843 §7), empty when there is none.</summary>
    public ValueList<string> BundleMids
    {
        get
        {
            foreach (SdpGroup group in Groups)
            {
                if (group.Semantics == SdpGroup.Bundle)
                {
                    return group.Mids;
                }
            }

            return ValueList<string>.Empty;
        }
    }

    public string? IceUfragFor(MediaDescription media) => media.IceUfrag ?? IceUfrag;

    public string? IcePwdFor(MediaDescription media) => media.IcePwd ?? IcePwd;

    public ValueList<SdpFingerprint> FingerprintsFor(MediaDescription media) =>
        media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    public SdpSetup? SetupFor(MediaDescription media) => media.Setup ?? Setup;

    public MediaDescription? MediaWithMid(string mid)
    {
        foreach (MediaDescription media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }
}
