using System.Security.Cryptography;

namespace Sfu.Transport.Srtp;

/// <summary>
/// The six session keys of one direction (RFC 3711 §4.3): encryption key, salt and authentication key for
/// SRTP and for SRTCP. Kept apart from the context so that the RFC 7714 vectors, which give session keys
/// directly, can drive the same packet code.
/// </summary>
internal sealed class SrtpSessionKeys
{
    /// <summary>HMAC-SHA1 session authentication key length (RFC 3711 §8.2: n_a = 160).</summary>
    public const int HmacSha1KeyLength = 20;

    public SrtpSessionKeys(byte[] rtpKey, byte[] rtpSalt, byte[] rtpAuthKey, byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuthKey)
    {
        RtpKey = rtpKey;
        RtpSalt = rtpSalt;
        RtpAuthKey = rtpAuthKey;
        RtcpKey = rtcpKey;
        RtcpSalt = rtcpSalt;
        RtcpAuthKey = rtcpAuthKey;
    }

    public byte[] RtpKey { get; }
    public byte[] RtpSalt { get; }
    public byte[] RtpAuthKey { get; }
    public byte[] RtcpKey { get; }
    public byte[] RtcpSalt { get; }
    public byte[] RtcpAuthKey { get; }

    /// <summary>
    /// Derives the session keys of <paramref name="profile"/>. Session keys are as long as the master key;
    /// session salts are 14 bytes for AES-CM (RFC 3711 §4.1.1) and 12 for AEAD (RFC 7714 §11); AEAD
    /// profiles have no authentication key.
    /// </summary>
    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, Crypto.SrtpCryptoBackend backend)
    {
        int keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        int saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"{profile} needs a {keyLength}-byte master key, got {masterKey.Length}.", nameof(masterKey));
        }

        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"{profile} needs a {saltLength}-byte master salt, got {masterSalt.Length}.", nameof(masterSalt));
        }

        int authLength = SrtpProfileInfo.IsAead(profile) ? 0 : HmacSha1KeyLength;
        byte[] Derive(SrtpLabel label, int length, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
        {
            byte[] output = new byte[length];
            SrtpKeyDerivation.DeriveSessionKey(key, salt, label, output, backend);
            return output;
        }

        return new SrtpSessionKeys(
            Derive(SrtpLabel.RtpEncryption, keyLength, masterKey, masterSalt),
            Derive(SrtpLabel.RtpSalt, SrtpProfileInfo.SessionSaltLength(profile), masterKey, masterSalt),
            Derive(SrtpLabel.RtpAuthentication, authLength, masterKey, masterSalt),
            Derive(SrtpLabel.RtcpEncryption, keyLength, masterKey, masterSalt),
            Derive(SrtpLabel.RtcpSalt, SrtpProfileInfo.SessionSaltLength(profile), masterKey, masterSalt),
            Derive(SrtpLabel.RtcpAuthentication, authLength, masterKey, masterSalt));
    }

    /// <summary>Wipes every key once the transforms have been keyed.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(RtpKey);
        CryptographicOperations.ZeroMemory(RtpSalt);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpKey);
        CryptographicOperations.ZeroMemory(RtcpSalt);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
    }
}
