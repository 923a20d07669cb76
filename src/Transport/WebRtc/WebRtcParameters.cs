using Sfu.Transport.Dtls;

namespace Sfu.Transport.WebRtc;

/// <summary><c>iceParameters</c> of the transport parameters (PROTOCOL §6.2).</summary>
public sealed record WebRtcIceParameters(string UsernameFragment, string Password, bool IceLite)
{
    // The password is a secret: keep it out of logs.
    public override string ToString() => $"WebRtcIceParameters {{ UsernameFragment = {UsernameFragment}, IceLite = {IceLite} }}";
}

/// <summary><c>dtlsParameters</c>: the certificate fingerprints and the DTLS role, "auto", "client" or "server".</summary>
public sealed record WebRtcDtlsParameters(IReadOnlyList<DtlsFingerprint> Fingerprints, string Role)
{
    public const string AutoRole = "auto";

    public const string ClientRole = "client";

    public const string ServerRole = "server";

    /// <summary>
    /// Our DTLS role given the peer's (PROTOCOL §7.1, as mediasoup decides): the peer "client" makes us the server,
    /// "server" makes us the client, and "auto" makes us the client too. False for any other word.
    /// </summary>
    public static bool TryGetLocalRole(string? remoteRole, out DtlsRole localRole)
    {
        switch (remoteRole)
        {
            case ClientRole:
                localRole = DtlsRole.Server;
                return true;
            case ServerRole:
            case AutoRole:
                localRole = DtlsRole.Client;
                return true;
            default:
                localRole = default;
                return false;
        }
    }
}
