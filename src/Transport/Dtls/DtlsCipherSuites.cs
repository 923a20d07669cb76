using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// What we negotiate besides SRTP: ECDHE with an ECDSA certificate (our certificate is P-256) over secp256r1.
/// BouncyCastle 1.8.10's legacy TLS API knows no x25519, so secp256r1 is the only group; browsers offer it.
/// </summary>
internal static class DtlsCipherSuites
{
    /// <summary>In server preference order: AES-GCM first (what Chromium picks), CBC as a fallback.</summary>
    private static readonly int[] Preferred =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    private static readonly int[] Groups = [NamedCurve.secp256r1];

    /// <summary>A fresh copy each call: BouncyCastle receives arrays it could keep or change.</summary>
    public static int[] CipherSuites => (int[])Preferred.Clone();

    public static int[] NamedCurves => (int[])Groups.Clone();

    /// <summary>Keeps only the client's groups that we support; empty disables the ECC suites (handshake_failure).</summary>
    public static int[]? IntersectNamedCurves(int[]? offered) =>
        offered is null ? null : Array.FindAll(offered, curve => Array.IndexOf(Groups, curve) >= 0);
}
