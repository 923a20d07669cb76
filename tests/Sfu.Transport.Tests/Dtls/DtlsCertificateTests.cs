using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsCertificateTests
{
    [Fact]
    public void Generated_certificate_is_a_self_signed_ECDSA_P256_certificate_signed_with_SHA256()
    {
        DtlsCertificate certificate = TestCertificates.First;

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        using ECDsa? key = parsed.GetECDsaPublicKey();

        key.Should().NotBeNull();
        key!.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7", "the named curve P-256");
        parsed.SignatureAlgorithm.Value.Should().Be("1.2.840.10045.4.3.2", "ecdsa-with-SHA256");
        parsed.Subject.Should().Be(parsed.Issuer);
        parsed.Subject.Should().MatchRegex("^CN=sfu-[0-9a-f]{8}$");
        certificate.Subject.Should().Be(parsed.Subject);
    }

    [Fact]
    public void Validity_runs_from_30_days_ago_to_one_year_ahead()
    {
        var now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

        DtlsCertificate certificate = DtlsCertificate.Generate(new FixedTime(now));

        certificate.NotBefore.Should().Be(now.AddDays(-30));
        certificate.NotAfter.Should().Be(now.AddDays(365));
    }

    [Fact]
    public void Each_certificate_has_its_own_key_and_serial_number()
    {
        using var first = X509CertificateLoader.LoadCertificate(TestCertificates.First.DerEncoded);
        using var second = X509CertificateLoader.LoadCertificate(TestCertificates.Second.DerEncoded);

        first.SerialNumber.Should().NotBe(second.SerialNumber);
        first.GetPublicKey().Should().NotEqual(second.GetPublicKey());
        TestCertificates.First.GetFingerprint("sha-256").Should().NotBe(TestCertificates.Second.GetFingerprint("sha-256"));
    }

    [Fact]
    public void Fingerprints_list_sha256_last_as_mediasoup_client_uses_the_last_one()
    {
        IReadOnlyList<DtlsFingerprint> fingerprints = TestCertificates.First.Fingerprints;

        fingerprints.Select(f => f.Algorithm).Should().Equal("sha-1", "sha-224", "sha-384", "sha-512", "sha-256");
        fingerprints.Select(f => f.Value.Length).Should().Equal(20 * 3 - 1, 28 * 3 - 1, 48 * 3 - 1, 64 * 3 - 1, 32 * 3 - 1);
        fingerprints.Should().OnlyContain(f => System.Text.RegularExpressions.Regex.IsMatch(f.Value, "^[0-9A-F]{2}(:[0-9A-F]{2})*$"));
    }

    [Fact]
    public void Sha256_fingerprint_is_the_hash_of_the_DER_certificate()
    {
        DtlsCertificate certificate = TestCertificates.First;
        string expected = string.Join(':', SHA256.HashData(certificate.DerEncoded).Select(b => b.ToString("X2")));

        certificate.GetFingerprint("sha-256").Value.Should().Be(expected);
        certificate.GetFingerprint("SHA-256").Should().Be(certificate.Fingerprints[^1]);
    }

    [Fact]
    public void Asking_for_an_unsupported_fingerprint_algorithm_throws()
    {
        Action md5 = () => TestCertificates.First.GetFingerprint("md5");

        md5.Should().Throw<ArgumentException>();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
