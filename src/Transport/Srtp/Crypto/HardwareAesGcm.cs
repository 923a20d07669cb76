using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES-GCM built from <see cref="AesNiKeySchedule"/> and <see cref="Ghash"/> (NIST SP 800-38D §7), both held inline
/// so that a packet reaches its keys through this one object.
/// Two reasons to not use <see cref="AesGcm"/> here: its fixed cost per call through OpenSSL is about a
/// microsecond, and it reports a bad tag by throwing, which on a receive path fed by the network turns
/// every forged packet into an exception. Opening verifies the tag before it decrypts anything.
/// </summary>
internal sealed class HardwareAesGcm : AesGcmCipher
{
    private const int BlockSize = AesNiKeySchedule.BlockSize;

    private AesNiKeySchedule _aes;
    private readonly Ghash _ghash;

    public HardwareAesGcm(ReadOnlySpan<byte> key)
    {
        _aes = new AesNiKeySchedule(key);
        Span<byte> hashKey = stackalloc byte[BlockSize];
        hashKey.Clear();
        _aes.EncryptBlock(hashKey, hashKey);
        _ghash = new Ghash(hashKey);
        CryptographicOperations.ZeroMemory(hashKey);
    }

    public static bool Supports(int keyLength) => AesNiKeySchedule.Supports(keyLength) && Ghash.IsHardwareAvailable;

    public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag)
    {
        Span<byte> counter = stackalloc byte[BlockSize];
        PreCounterBlock(nonce, counter);
        Span<byte> mask = stackalloc byte[BlockSize];
        _aes.EncryptBlock(counter, mask);

        counter[15] = 2; // §7.1: the payload starts at inc32(J0)
        _aes.Apply(counter, data);
        ComputeTag(associatedData, data, mask, tag);
    }

    public override bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != TagLength)
        {
            return false;
        }

        Span<byte> counter = stackalloc byte[BlockSize];
        PreCounterBlock(nonce, counter);
        Span<byte> expected = stackalloc byte[BlockSize];
        _aes.EncryptBlock(counter, expected);
        ComputeTag(associatedData, data, expected, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        counter[15] = 2;
        _aes.Apply(counter, data);
        return true;
    }

    public override void Dispose() => _aes.Clear();

    // J0 = IV || 0^31 || 1 for a 96-bit IV (SP 800-38D §7.1 step 2).
    private static void PreCounterBlock(ReadOnlySpan<byte> nonce, Span<byte> counter)
    {
        nonce[..NonceLength].CopyTo(counter);
        counter[12] = 0;
        counter[13] = 0;
        counter[14] = 0;
        counter[15] = 1;
    }

    // T = E(K, J0) XOR GHASH(A || 0* || C || 0* || len(A) || len(C)); mask holds E(K, J0), tag may alias it.
    private void ComputeTag(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> mask, Span<byte> tag)
    {
        Vector128<ulong> state = Vector128<ulong>.Zero;
        _ghash.AbsorbPadded(ref state, associatedData);
        _ghash.AbsorbPadded(ref state, ciphertext);
        Span<byte> hash = stackalloc byte[BlockSize];
        _ghash.Finish(state, associatedData.Length, ciphertext.Length, hash);
        for (int i = 0; i < TagLength; i++)
        {
            tag[i] = (byte)(hash[i] ^ mask[i]);
        }
    }
}
