using System.Collections;
using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// Picks the signature_algorithms entry (RFC 5246 §7.4.1.4.1) we sign with, using our ECDSA key: the peer's
/// list decides, we prefer SHA-256.
/// </summary>
internal static class EcdsaSignatureChoice
{
    private static readonly byte[] HashPreference = [HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1];

    /// <summary>
    /// The ECDSA entry of <paramref name="peerAlgorithms"/> with the most preferred hash. A peer that sent no list
    /// implies {sha1, ecdsa} (RFC 5246 §7.4.1.4.1); a list without any ECDSA entry we can use fails the handshake.
    /// </summary>
    public static SignatureAndHashAlgorithm Pick(IList? peerAlgorithms)
    {
        if (peerAlgorithms is null)
        {
            return new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }

        foreach (byte hash in HashPreference)
        {
            foreach (SignatureAndHashAlgorithm candidate in peerAlgorithms)
            {
                if (candidate.Signature == SignatureAlgorithm.ecdsa && candidate.Hash == hash)
                {
                    return candidate;
                }
            }
        }

        throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    /// <summary>What we accept from the peer in a CertificateRequest: ECDSA (browsers) and RSA certificates.</summary>
    public static IList AcceptedFromPeer()
    {
        var list = new ArrayList();
        foreach (byte signature in new[] { SignatureAlgorithm.ecdsa, SignatureAlgorithm.rsa })
        {
            foreach (byte hash in HashPreference)
            {
                list.Add(new SignatureAndHashAlgorithm(hash, signature));
            }
        }

        return list;
    }
}
