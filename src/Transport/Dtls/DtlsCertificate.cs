using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using TlsCertificateChain = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Transport.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate the server presents in every DTLS handshake. WebRTC does not use
/// PKI: the peer trusts it because its fingerprint travelled in the signaling (RFC 8827 §6.5), so one
/// certificate per process is enough. Immutable and safe to share between threads.
/// </summary>
public sealed class DtlsCertificate
{
    private static readonly TimeSpan ValidBefore = TimeSpan.FromDays(30);
    private static readonly TimeSpan ValidAfter = TimeSpan.FromDays(365);

    private readonly byte[] _der;
    private readonly Dictionary<string, DtlsFingerprint> _fingerprintsByAlgorithm;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        _der = certificate.GetEncoded();
        PrivateKey = privateKey;
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        Subject = certificate.SubjectDN.ToString();
        Chain = new TlsCertificateChain([X509CertificateStructure.GetInstance(_der)]);

        var fingerprints = new List<DtlsFingerprint>(DtlsFingerprint.SupportedAlgorithms.Count);
        foreach (string algorithm in DtlsFingerprint.SupportedAlgorithms)
        {
            fingerprints.Add(DtlsFingerprint.Compute(algorithm, _der));
        }

        Fingerprints = fingerprints;
        _fingerprintsByAlgorithm = fingerprints.ToDictionary(f => f.Algorithm);
    }

    /// <summary>
    /// Fingerprints for sha-1, sha-224, sha-384, sha-512 and then sha-256 LAST: mediasoup-client copies only the
    /// last entry into its SDP (PROTOCOL.md §6.2, requirement R68).
    /// </summary>
    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>Distinguished name of subject and issuer (self-signed), e.g. "CN=sfu-4f1c2a9b".</summary>
    public string Subject { get; }

    /// <summary>The certificate in DER, as hashed by the fingerprints.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>The chain BouncyCastle sends in the Certificate message.</summary>
    internal TlsCertificateChain Chain { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Creates a fresh P-256 key pair and a self-signed certificate valid from 30 days ago (tolerates peers with a
    /// slow clock) to one year ahead, with a random serial number.
    /// </summary>
    public static DtlsCertificate Generate(TimeProvider? time = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator("EC");
        // Named-curve parameters make the SubjectPublicKeyInfo carry the secp256r1 OID, which browsers require.
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        // RFC 5280 §4.1.2.2: positive, at most 20 octets; 64 random bits plus one keeps it non-zero.
        BigInteger serial = new BigInteger(64, random).Add(BigInteger.One);
        byte[] nameSuffix = new byte[4];
        random.NextBytes(nameSuffix);
        var name = new X509Name($"CN=sfu-{Convert.ToHexString(nameSuffix).ToLowerInvariant()}");
        DateTime now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now - ValidBefore);
        generator.SetNotAfter(now + ValidAfter);
        generator.SetPublicKey(keyPair.Public);
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The fingerprint for one of <see cref="DtlsFingerprint.SupportedAlgorithms"/> (any letter case).</summary>
    public DtlsFingerprint GetFingerprint(string algorithm) =>
        _fingerprintsByAlgorithm.TryGetValue(algorithm.Trim().ToLowerInvariant(), out DtlsFingerprint? fingerprint)
            ? fingerprint
            : throw new ArgumentException($"Unsupported fingerprint algorithm '{algorithm}'.", nameof(algorithm));
}
