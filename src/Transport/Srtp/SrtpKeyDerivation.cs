using System.Security.Cryptography;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Srtp;

/// <summary>The key derivation labels of RFC 3711 §4.3.2 (SRTP) and §4.3.2/§3.4 (SRTCP).</summary>
public enum SrtpLabel : byte
{
    RtpEncryption = 0x00,
    RtpAuthentication = 0x01,
    RtpSalt = 0x02,
    RtcpEncryption = 0x03,
    RtcpAuthentication = 0x04,
    RtcpSalt = 0x05,
}

/// <summary>
/// The AES-CM key derivation function of RFC 3711 §4.3.1 and §4.3.3, with a key derivation rate of zero
/// (the only rate DTLS-SRTP uses, RFC 5764 §4.1.2), so "index DIV kdr" is always zero. The PRF is AES in
/// counter mode keyed with the master key, so a 256-bit master key gives the AES_256_CM_PRF of RFC 6188 §3.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>Largest master salt the PRF input has room for (RFC 3711 §4.3.1: 112 bits).</summary>
    public const int MaxMasterSaltLength = 14;

    /// <summary>
    /// Fills <paramref name="destination"/> with the session key of <paramref name="label"/>.
    /// A salt shorter than 14 bytes (RFC 7714's 96-bit salt) is padded with zero bytes on the right, which is
    /// what libsrtp does and what interoperates with Chromium.
    /// </summary>
    public static void DeriveSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpLabel label, Span<byte> destination) =>
        DeriveSessionKey(masterKey, masterSalt, label, destination, SrtpCryptoBackend.Auto);

    internal static void DeriveSessionKey(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpLabel label, Span<byte> destination, SrtpCryptoBackend backend)
    {
        if (masterKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES master key has 16, 24 or 32 bytes, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length > MaxMasterSaltLength)
        {
            throw new ArgumentException($"A master salt has at most {MaxMasterSaltLength} bytes, got {masterSalt.Length}.", nameof(masterSalt));
        }

        // x = key_id XOR master_salt with key_id = label || (index DIV kdr) right-aligned in 112 bits, so the
        // label lands on byte 7 and the 48-bit zero index on bytes 8..13; the AES-CM input is x * 2^16.
        Span<byte> counter = stackalloc byte[AesCounterMode.BlockSize];
        counter.Clear();
        masterSalt.CopyTo(counter);
        counter[7] ^= (byte)label;

        destination.Clear();
        using AesCounterMode prf = AesCounterMode.Create(masterKey, backend);
        prf.Apply(counter, destination);
    }
}
