namespace Sfu.Transport.Srtp;

/// <summary>
/// Key and salt lengths of each profile: RFC 5764 §4.1.2 for AES-CM, RFC 7714 §12 for AEAD-GCM.
/// </summary>
public static class SrtpProfileInfo
{
    public static int MasterKeyLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes256Gcm ? 32 : 16;

    public static int MasterSaltLength(SrtpProfile profile) => IsAead(profile) ? 12 : 14;

    /// <summary>Bytes the authentication tag adds to an SRTP packet (SRTCP adds 4 more for the index).</summary>
    public static int AuthTagLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_32 => 4,
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        _ => 16,
    };

    /// <summary>
    /// Bytes the SRTCP authentication tag takes. AES_CM_128_HMAC_SHA1_32 still uses an 80-bit tag for SRTCP
    /// (RFC 5764 §4.1.2: SRTCP_AUTH_TAG_LENGTH is 80 for both AES-CM profiles); RFC 3711 §3.4 makes it mandatory.
    /// </summary>
    public static int SrtcpAuthTagLength(SrtpProfile profile) => IsAead(profile) ? 16 : 10;

    /// <summary>Bytes SRTCP adds to an RTCP packet: the E flag and 31-bit index word, plus the tag.</summary>
    public static int SrtcpOverhead(SrtpProfile profile) => 4 + SrtcpAuthTagLength(profile);

    /// <summary>Session salt length: 112 bits for AES-CM (RFC 3711 §4.1.1), 96 bits for AEAD (RFC 7714 §11).</summary>
    public static int SessionSaltLength(SrtpProfile profile) => IsAead(profile) ? 12 : 14;

    public static bool IsAead(SrtpProfile profile) =>
        profile is SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm;

    public static bool IsSupported(ushort codePoint) =>
        codePoint is (ushort)SrtpProfile.Aes128CmHmacSha1_80 or (ushort)SrtpProfile.Aes128CmHmacSha1_32
            or (ushort)SrtpProfile.AeadAes128Gcm or (ushort)SrtpProfile.AeadAes256Gcm;
}

/// <summary>
/// The SRTP master keys of one DTLS association, already split into what we send with (local) and what the
/// peer sends with (remote).
/// </summary>
public sealed record SrtpKeys(
    SrtpProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt)
{
    /// <summary>
    /// Splits the "EXTRACTOR-dtls_srtp" output, laid out as client key | server key | client salt | server salt
    /// (RFC 5764 §4.2). The DTLS client protects with the client half.
    /// </summary>
    public static SrtpKeys FromExportedMaterial(SrtpProfile profile, ReadOnlySpan<byte> material, bool isDtlsClient)
    {
        int keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        int saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        if (material.Length < 2 * (keyLength + saltLength))
        {
            throw new ArgumentException($"{profile} needs {2 * (keyLength + saltLength)} bytes of keying material, got {material.Length}.", nameof(material));
        }

        byte[] clientKey = material.Slice(0, keyLength).ToArray();
        byte[] serverKey = material.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = material.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return isDtlsClient
            ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
            : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    /// <summary>Bytes to ask the DTLS exporter for (RFC 5764 §4.2).</summary>
    public static int ExportLength(SrtpProfile profile) =>
        2 * (SrtpProfileInfo.MasterKeyLength(profile) + SrtpProfileInfo.MasterSaltLength(profile));
}
