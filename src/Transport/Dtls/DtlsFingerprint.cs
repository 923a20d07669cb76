using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Sfu.Transport.Dtls;

/// <summary>
/// A certificate fingerprint as SDP and the signaling carry it (RFC 8122 §5): a hash function name from the
/// IANA "Hash Function Textual Names" registry and the digest of the DER certificate as upper-case hex pairs
/// joined by colons. Instances are normalised (lower-case algorithm, upper-case hex), so equality is meaningful.
/// </summary>
public sealed record DtlsFingerprint
{
    /// <summary>The algorithms we can compute, in the order <see cref="DtlsCertificate.Fingerprints"/> lists them.</summary>
    public static IReadOnlyList<string> SupportedAlgorithms { get; } = ["sha-1", "sha-224", "sha-384", "sha-512", "sha-256"];

    private DtlsFingerprint(string algorithm, string value)
    {
        Algorithm = algorithm;
        Value = value;
    }

    /// <summary>Lower-case hash function name, e.g. "sha-256".</summary>
    public string Algorithm { get; }

    /// <summary>Upper-case hex pairs separated by colons, e.g. "0F:A8:...:BB".</summary>
    public string Value { get; }

    /// <summary>
    /// Reads a fingerprint received from the signaling. Accepts any letter case (RFC 8122 §5 says hex is
    /// upper-case, browsers comply, but the comparison must not depend on it); rejects unknown algorithms and
    /// values whose byte count differs from the algorithm's digest size.
    /// </summary>
    public static bool TryCreate(string? algorithm, string? value, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (algorithm is null || value is null)
        {
            return false;
        }

        string normalisedAlgorithm = algorithm.Trim().ToLowerInvariant();
        IDigest? digest = CreateDigest(normalisedAlgorithm);
        if (digest is null)
        {
            return false;
        }

        int digestSize = digest.GetDigestSize();
        string trimmed = value.Trim();
        // "XX" then ":XX" per further byte.
        if (trimmed.Length != digestSize * 3 - 1)
        {
            return false;
        }

        for (int i = 0; i < trimmed.Length; i++)
        {
            bool separatorPosition = i % 3 == 2;
            char c = trimmed[i];
            if (separatorPosition ? c != ':' : !char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(normalisedAlgorithm, trimmed.ToUpperInvariant());
        return true;
    }

    /// <summary>Reads a fingerprint, throwing <see cref="ArgumentException"/> when <see cref="TryCreate"/> would fail.</summary>
    public static DtlsFingerprint Parse(string algorithm, string value) =>
        TryCreate(algorithm, value, out DtlsFingerprint? fingerprint)
            ? fingerprint
            : throw new ArgumentException($"Not a valid fingerprint: {algorithm} {value}.", nameof(value));

    /// <summary>Hashes a DER-encoded certificate with <paramref name="algorithm"/> (one of <see cref="SupportedAlgorithms"/>).</summary>
    public static DtlsFingerprint Compute(string algorithm, ReadOnlySpan<byte> certificateDer)
    {
        string normalisedAlgorithm = algorithm.Trim().ToLowerInvariant();
        IDigest digest = CreateDigest(normalisedAlgorithm)
            ?? throw new ArgumentException($"Unsupported fingerprint algorithm '{algorithm}'.", nameof(algorithm));
        byte[] input = certificateDer.ToArray();
        digest.BlockUpdate(input, 0, input.Length);
        byte[] hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return new DtlsFingerprint(normalisedAlgorithm, FormatHexPairs(hash));
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes, with this fingerprint's algorithm, to this value.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer) => Compute(Algorithm, certificateDer).Value == Value;

    public override string ToString() => $"{Algorithm} {Value}";

    private static IDigest? CreateDigest(string normalisedAlgorithm) => normalisedAlgorithm switch
    {
        "sha-1" => new Sha1Digest(),
        "sha-224" => new Sha224Digest(),
        "sha-256" => new Sha256Digest(),
        "sha-384" => new Sha384Digest(),
        "sha-512" => new Sha512Digest(),
        _ => null,
    };

    private static string FormatHexPairs(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length * 3 - 1, bytes.ToArray(), static (chars, data) =>
        {
            const string Hex = "0123456789ABCDEF";
            for (int i = 0; i < data.Length; i++)
            {
                int at = i * 3;
                chars[at] = Hex[data[i] >> 4];
                chars[at + 1] = Hex[data[i] & 0xF];
                if (at + 2 < chars.Length)
                {
                    chars[at + 2] = ':';
                }
            }
        });
}
