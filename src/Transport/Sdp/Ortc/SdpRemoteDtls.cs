namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// The offerer's DTLS side once we answered (RFC 8842 §5): its certificate fingerprints and the role it takes, in the
/// ORTC spelling of a <c>dtlsParameters</c> object ("client" when we answered passive, "server" when active).
/// </summary>
public sealed record SdpRemoteDtls(IReadOnlyList<SdpFingerprint> Fingerprints, string Role)
{
    public static SdpRemoteDtls Of(SessionDescription offer, MediaDescription offered, MediaDescription answered) =>
        new(offer.FingerprintsFor(offered), answered.Setup == SdpSetup.Active ? "server" : "client");
}
