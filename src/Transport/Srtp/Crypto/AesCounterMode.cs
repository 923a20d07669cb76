namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES in counter mode with a 32-bit big-endian block counter in the last four bytes of the counter block
/// (GCM's inc32, NIST SP 800-38D §6.2). SRTP's AES-CM (RFC 3711 §4.1.1) adds the block number to an IV whose
/// low 16 bits are zero and never needs more than 2^16 blocks, so the same counter serves both.
/// One instance per key, one owner: the instance keeps scratch state and is not thread-safe.
/// </summary>
internal abstract class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    public static AesCounterMode Create(ReadOnlySpan<byte> key, SrtpCryptoBackend backend) =>
        backend == SrtpCryptoBackend.Auto && AesNiCounterMode.Supports(key.Length)
            ? new AesNiCounterMode(key)
            : new PortableAesCounterMode(key);

    /// <summary>XORs <paramref name="data"/> in place with E(K, c), E(K, c+1), … starting at
    /// <paramref name="initialCounter"/> (16 bytes).</summary>
    public abstract void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data);

    /// <summary>Encrypts one 16-byte block (used for GCM's hash key and pre-counter block).</summary>
    public abstract void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output);

    public abstract void Dispose();
}
