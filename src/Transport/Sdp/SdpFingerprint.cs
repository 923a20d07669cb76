using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Sdp;

/// <summary>
/// <c>a=fingerprint:sha-256 AB:CD:…</c> (RFC 8122 §5, used by RFC 8842 §5). The value is kept as written; use
/// <see cref="TryToDtls"/> for the normalised form the DTLS layer compares certificates with.
/// </summary>
public sealed record SdpFingerprint(string Algorithm, string Value)
{
    public static SdpFingerprint FromDtls(DtlsFingerprint fingerprint) => new(fingerprint.Algorithm, fingerprint.Value);

    public bool TryToDtls([NotNullWhen(true)] out DtlsFingerprint? fingerprint) =>
        DtlsFingerprint.TryCreate(Algorithm, Value, out fingerprint);
}
