namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 12-byte nonce and a 16-byte tag (RFC 7714 §5), sealing and opening in place.
/// One instance per session key, one owner: not thread-safe.
/// </summary>
internal abstract class AesGcmCipher : IDisposable
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    public static AesGcmCipher Create(ReadOnlySpan<byte> key, SrtpCryptoBackend backend) =>
        backend == SrtpCryptoBackend.Auto && HardwareAesGcm.Supports(key.Length)
            ? new HardwareAesGcm(key)
            : new PortableAesGcm(key);

    /// <summary>Encrypts <paramref name="data"/> in place and writes the tag.</summary>
    public abstract void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag);

    /// <summary>
    /// Checks the tag and decrypts <paramref name="data"/> in place. Returns false when the tag does not
    /// verify; <paramref name="data"/> is then left unspecified.
    /// </summary>
    public abstract bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag);

    public abstract void Dispose();
}
