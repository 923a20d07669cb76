using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>Certificates shared by the tests: key generation is the slow part of a handshake test.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<DtlsCertificate> FirstCertificate = new(() => DtlsCertificate.Generate());
    private static readonly Lazy<DtlsCertificate> SecondCertificate = new(() => DtlsCertificate.Generate());
    private static readonly Lazy<DtlsCertificate> ThirdCertificate = new(() => DtlsCertificate.Generate());

    public static DtlsCertificate First => FirstCertificate.Value;

    public static DtlsCertificate Second => SecondCertificate.Value;

    /// <summary>A certificate neither endpoint presents, for fingerprint mismatches.</summary>
    public static DtlsCertificate Stranger => ThirdCertificate.Value;
}
