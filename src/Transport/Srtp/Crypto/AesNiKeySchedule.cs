using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// An AES key expanded for the AES-NI instructions (FIPS-197 §5.2, with AESKEYGENASSIST), and the block and counter-mode
/// encryption that read it; 128- and 256-bit keys only, the sizes SRTP uses. A struct kept inline in its cipher: every
/// packet reads the round keys, and an array of them would be one more object, so one more cache miss, between a
/// cipher and its keys on the first packet of a burst.
/// </summary>
internal struct AesNiKeySchedule
{
    public const int BlockSize = 16;

    // Eight blocks in flight hide the latency of AESENC (several cycles) behind its throughput.
    private const int Lanes = 8;

    // 14 rounds for a 256-bit key, and the initial whitening key.
    private const int MaxRoundKeys = 15;

    private RoundKeys _roundKeys;
    private readonly int _rounds;

    public AesNiKeySchedule(ReadOnlySpan<byte> key)
    {
        if (!Supports(key.Length))
        {
            throw new ArgumentException($"AES-NI takes a 16- or 32-byte key on a CPU with AES-NI, got {key.Length} bytes.", nameof(key));
        }

        _rounds = key.Length == 16 ? 10 : 14;
        if (key.Length == 16)
        {
            ExpandKey128(key, _roundKeys);
        }
        else
        {
            ExpandKey256(key, _roundKeys);
        }
    }

    public static bool IsHardwareAvailable => AesNi.IsSupported && Sse2.IsSupported;

    public static bool Supports(int keyLength) => IsHardwareAvailable && keyLength is 16 or 32;

    public readonly void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        Vector128<byte> block = Encrypt(Vector128.Create(input[..BlockSize]));
        block.CopyTo(output);
    }

    /// <summary>XORs <paramref name="data"/> in place with E(K, c), E(K, c+1), … from <paramref name="initialCounter"/> (inc32).</summary>
    public readonly void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        Vector128<uint> prefix = Vector128.Create(initialCounter[..BlockSize]).AsUInt32();
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(initialCounter.Slice(12, 4));
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        ReadOnlySpan<Vector128<byte>> keys = _roundKeys;
        int rounds = _rounds;

        while (length - offset >= Lanes * BlockSize)
        {
            Vector128<byte> k = keys[0];
            Vector128<byte> b0 = CounterBlock(prefix, counter) ^ k;
            Vector128<byte> b1 = CounterBlock(prefix, counter + 1) ^ k;
            Vector128<byte> b2 = CounterBlock(prefix, counter + 2) ^ k;
            Vector128<byte> b3 = CounterBlock(prefix, counter + 3) ^ k;
            Vector128<byte> b4 = CounterBlock(prefix, counter + 4) ^ k;
            Vector128<byte> b5 = CounterBlock(prefix, counter + 5) ^ k;
            Vector128<byte> b6 = CounterBlock(prefix, counter + 6) ^ k;
            Vector128<byte> b7 = CounterBlock(prefix, counter + 7) ^ k;
            counter += Lanes;
            for (int r = 1; r < rounds; r++)
            {
                k = keys[r];
                b0 = AesNi.Encrypt(b0, k);
                b1 = AesNi.Encrypt(b1, k);
                b2 = AesNi.Encrypt(b2, k);
                b3 = AesNi.Encrypt(b3, k);
                b4 = AesNi.Encrypt(b4, k);
                b5 = AesNi.Encrypt(b5, k);
                b6 = AesNi.Encrypt(b6, k);
                b7 = AesNi.Encrypt(b7, k);
            }

            k = keys[rounds];
            XorInto(ref start, offset, AesNi.EncryptLast(b0, k));
            XorInto(ref start, offset + 16, AesNi.EncryptLast(b1, k));
            XorInto(ref start, offset + 32, AesNi.EncryptLast(b2, k));
            XorInto(ref start, offset + 48, AesNi.EncryptLast(b3, k));
            XorInto(ref start, offset + 64, AesNi.EncryptLast(b4, k));
            XorInto(ref start, offset + 80, AesNi.EncryptLast(b5, k));
            XorInto(ref start, offset + 96, AesNi.EncryptLast(b6, k));
            XorInto(ref start, offset + 112, AesNi.EncryptLast(b7, k));
            offset += Lanes * BlockSize;
        }

        while (length - offset >= BlockSize)
        {
            XorInto(ref start, offset, Encrypt(CounterBlock(prefix, counter)));
            counter++;
            offset += BlockSize;
        }

        if (offset < length)
        {
            Span<byte> keystream = stackalloc byte[BlockSize];
            Encrypt(CounterBlock(prefix, counter)).CopyTo(keystream);
            Span<byte> tail = data[(int)offset..];
            for (int i = 0; i < tail.Length; i++)
            {
                tail[i] ^= keystream[i];
            }
        }
    }

    /// <summary>Overwrites the round keys.</summary>
    public void Clear() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes((Span<Vector128<byte>>)_roundKeys));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CounterBlock(Vector128<uint> prefix, uint counter) =>
        prefix.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorInto(ref byte start, nuint offset, Vector128<byte> keystream) =>
        (Vector128.LoadUnsafe(ref start, offset) ^ keystream).StoreUnsafe(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly Vector128<byte> Encrypt(Vector128<byte> block)
    {
        ReadOnlySpan<Vector128<byte>> keys = _roundKeys;
        int rounds = _rounds;
        block ^= keys[0];
        for (int r = 1; r < rounds; r++)
        {
            block = AesNi.Encrypt(block, keys[r]);
        }

        return AesNi.EncryptLast(block, keys[rounds]);
    }

    // FIPS-197 §5.2: each new word is the previous round key's word XOR the running XOR of the words before
    // it; the three 4-byte lane shifts compute that running XOR for the whole 128-bit key at once.
    private static Vector128<byte> MixPreviousWords(Vector128<byte> key, Vector128<byte> assist)
    {
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }

    // Broadcast word 3 (RotWord(SubWord(w)) ^ Rcon) of the AESKEYGENASSIST result.
    private static Vector128<byte> RotatedWord(Vector128<byte> assist) => Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();

    // Broadcast word 2 (SubWord(w) without rotation), the extra step of 256-bit keys.
    private static Vector128<byte> SubstitutedWord(Vector128<byte> assist) => Sse2.Shuffle(assist.AsInt32(), 0xAA).AsByte();

    private static void ExpandKey128(ReadOnlySpan<byte> key, Span<Vector128<byte>> roundKeys)
    {
        // AESKEYGENASSIST wants its round constant as an immediate, hence one line per round.
        Vector128<byte> k = Vector128.Create(key);
        roundKeys[0] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x01))); roundKeys[1] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x02))); roundKeys[2] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x04))); roundKeys[3] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x08))); roundKeys[4] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x10))); roundKeys[5] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x20))); roundKeys[6] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x40))); roundKeys[7] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x80))); roundKeys[8] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x1B))); roundKeys[9] = k;
        k = MixPreviousWords(k, RotatedWord(AesNi.KeygenAssist(k, 0x36))); roundKeys[10] = k;
    }

    private static void ExpandKey256(ReadOnlySpan<byte> key, Span<Vector128<byte>> roundKeys)
    {
        Vector128<byte> even = Vector128.Create(key[..16]);
        Vector128<byte> odd = Vector128.Create(key.Slice(16, 16));
        roundKeys[0] = even;
        roundKeys[1] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x01))); roundKeys[2] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[3] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x02))); roundKeys[4] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[5] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x04))); roundKeys[6] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[7] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x08))); roundKeys[8] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[9] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x10))); roundKeys[10] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[11] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x20))); roundKeys[12] = even;
        odd = MixPreviousWords(odd, SubstitutedWord(AesNi.KeygenAssist(even, 0x00))); roundKeys[13] = odd;
        even = MixPreviousWords(even, RotatedWord(AesNi.KeygenAssist(odd, 0x40))); roundKeys[14] = even;
    }

    [InlineArray(MaxRoundKeys)]
    private struct RoundKeys
    {
        private Vector128<byte> _first;
    }
}
