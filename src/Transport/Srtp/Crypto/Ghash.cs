using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication.
///
/// Representation: GCM numbers the bits of a block from the most significant bit of byte 0 (coefficient of
/// x^0). Loading a block byte-reversed puts coefficient x^i at bit 127-i of the register, so a carry-less
/// product of two such registers is the 255-bit field product bit-reversed; one left shift makes it a
/// bit-reversed 256-bit value whose high half holds the low coefficients. Reduction modulo
/// x^128 + x^7 + x^2 + x + 1 in that reversed form multiplies the low half (the coefficients of x^128 and
/// above) by x^7 + x^2 + x + 1, which becomes right shifts by 0, 1, 2 and 7 after a first fold of the bits
/// those shifts push out (Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage
/// for Computing the GCM Mode", 2010, algorithm 5).
///
/// Several blocks are multiplied by descending powers of H and summed before a single reduction, as the
/// field is linear: sixteen at a time with 512-bit VPCLMULQDQ (four blocks per instruction) where the CPU
/// has it, then four at a time, then one. The wide path matters: with 128-bit PCLMULQDQ alone, GHASH took
/// twice as long as the AES-CTR of the same packet.
/// </summary>
internal readonly struct Ghash
{
    private const int BlockSize = 16;

    private readonly Vector128<ulong> _h1;
    private readonly Vector128<ulong> _h2;
    private readonly Vector128<ulong> _h3;
    private readonly Vector128<ulong> _h4;

    // Wide path: lane l of group g multiplies block 4g + l of a 16-block chunk by H^(16 - 4g - l).
    private readonly Vector512<ulong> _h16To13;
    private readonly Vector512<ulong> _h12To9;
    private readonly Vector512<ulong> _h8To5;
    private readonly Vector512<ulong> _h4To1;

    /// <param name="hashKey">H = E(K, 0^128), as bytes.</param>
    public Ghash(ReadOnlySpan<byte> hashKey)
    {
        Span<Vector128<ulong>> powers = stackalloc Vector128<ulong>[17];
        powers[1] = Load(hashKey);
        for (int i = 2; i <= 16; i++)
        {
            powers[i] = Multiply(powers[i - 1], powers[1]);
        }

        _h1 = powers[1];
        _h2 = powers[2];
        _h3 = powers[3];
        _h4 = powers[4];
        _h16To13 = Lanes(powers[16], powers[15], powers[14], powers[13]);
        _h12To9 = Lanes(powers[12], powers[11], powers[10], powers[9]);
        _h8To5 = Lanes(powers[8], powers[7], powers[6], powers[5]);
        _h4To1 = Lanes(powers[4], powers[3], powers[2], powers[1]);
        powers.Clear();
    }

    public static bool IsHardwareAvailable => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    private static bool IsWideAvailable => Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported;

    /// <summary>Absorbs <paramref name="data"/> into the running hash, zero-padding its last partial block.</summary>
    public void AbsorbPadded(ref Vector128<ulong> state, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint offset = 0;
        Vector128<ulong> y = state;
        if (IsWideAvailable)
        {
            while (length - offset >= 16 * BlockSize)
            {
                Vector512<ulong> x0 = LoadWide(ref start, offset) ^ y.ToVector256().ToVector512();
                Vector512<ulong> x1 = LoadWide(ref start, offset + 64);
                Vector512<ulong> x2 = LoadWide(ref start, offset + 128);
                Vector512<ulong> x3 = LoadWide(ref start, offset + 192);
                Vector512<ulong> lo =
                    Pclmulqdq.V512.CarrylessMultiply(x0, _h16To13, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x1, _h12To9, 0x00)
                    ^ Pclmulqdq.V512.CarrylessMultiply(x2, _h8To5, 0x00) ^ Pclmulqdq.V512.CarrylessMultiply(x3, _h4To1, 0x00);
                Vector512<ulong> hi =
                    Pclmulqdq.V512.CarrylessMultiply(x0, _h16To13, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(x1, _h12To9, 0x11)
                    ^ Pclmulqdq.V512.CarrylessMultiply(x2, _h8To5, 0x11) ^ Pclmulqdq.V512.CarrylessMultiply(x3, _h4To1, 0x11);
                Vector512<ulong> mid =
                    Pclmulqdq.V512.CarrylessMultiply(x0, _h16To13, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x0, _h16To13, 0x10)
                    ^ Pclmulqdq.V512.CarrylessMultiply(x1, _h12To9, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x1, _h12To9, 0x10)
                    ^ Pclmulqdq.V512.CarrylessMultiply(x2, _h8To5, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x2, _h8To5, 0x10)
                    ^ Pclmulqdq.V512.CarrylessMultiply(x3, _h4To1, 0x01) ^ Pclmulqdq.V512.CarrylessMultiply(x3, _h4To1, 0x10);
                y = Reduce(FoldLanes(lo), FoldLanes(mid), FoldLanes(hi));
                offset += 16 * BlockSize;
            }
        }

        while (length - offset >= 4 * BlockSize)
        {
            Vector128<ulong> x0 = Load(ref start, offset) ^ y;
            Vector128<ulong> x1 = Load(ref start, offset + 16);
            Vector128<ulong> x2 = Load(ref start, offset + 32);
            Vector128<ulong> x3 = Load(ref start, offset + 48);
            Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
            MultiplyAccumulate(x0, _h4, ref lo, ref mid, ref hi);
            MultiplyAccumulate(x1, _h3, ref lo, ref mid, ref hi);
            MultiplyAccumulate(x2, _h2, ref lo, ref mid, ref hi);
            MultiplyAccumulate(x3, _h1, ref lo, ref mid, ref hi);
            y = Reduce(lo, mid, hi);
            offset += 4 * BlockSize;
        }

        while (length - offset >= BlockSize)
        {
            y = Multiply(Load(ref start, offset) ^ y, _h1);
            offset += BlockSize;
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data[(int)offset..].CopyTo(last);
            y = Multiply(Load(last) ^ y, _h1);
        }

        state = y;
    }

    /// <summary>Absorbs the length block len(A) || len(C) in bits and writes the hash S as bytes.</summary>
    public void Finish(Vector128<ulong> state, int aadLength, int ciphertextLength, Span<byte> hash)
    {
        Span<byte> lengths = stackalloc byte[BlockSize];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, (ulong)aadLength * 8);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], (ulong)ciphertextLength * 8);
        Vector128<ulong> y = Multiply(Load(lengths) ^ state, _h1);
        Ssse3.Shuffle(y.AsByte(), ReverseBytes).CopyTo(hash);
    }

    private static Vector128<byte> ReverseBytes => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte start, nuint offset) =>
        Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset), ReverseBytes).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> LoadWide(ref byte start, nuint offset) =>
        Avx512BW.Shuffle(Vector512.LoadUnsafe(ref start, offset), Vector512.Create(ReverseBytes)).AsUInt64();

    // The four 128-bit lanes XORed together: the sum of four unreduced products.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldLanes(Vector512<ulong> value)
    {
        Vector256<ulong> half = value.GetLower() ^ value.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }

    private static Vector512<ulong> Lanes(Vector128<ulong> first, Vector128<ulong> second, Vector128<ulong> third, Vector128<ulong> fourth) =>
        Vector512.Create(Vector256.Create(first, second), Vector256.Create(third, fourth));

    private static Vector128<ulong> Load(ReadOnlySpan<byte> block) =>
        Ssse3.Shuffle(Vector128.Create(block[..BlockSize]), ReverseBytes).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = Vector128<ulong>.Zero, mid = Vector128<ulong>.Zero, hi = Vector128<ulong>.Zero;
        MultiplyAccumulate(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    // Schoolbook 128x128 carry-less product, split as hi·2^128 + mid·2^64 + lo, accumulated unreduced.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAccumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        Vector128<ulong> low = lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8);
        Vector128<ulong> high = hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8);

        // Shift the 256-bit product left by one: the reversed product of two reversed 128-bit values is
        // 255 bits wide, one short of lining up with the reversed 256-bit layout.
        Vector128<ulong> lowCarry = Sse2.ShiftRightLogical(low, 63);
        Vector128<ulong> highCarry = Sse2.ShiftRightLogical(high, 63);
        low = Sse2.ShiftLeftLogical(low, 1) | Sse2.ShiftLeftLogical128BitLane(lowCarry, 8);
        high = Sse2.ShiftLeftLogical(high, 1) | Sse2.ShiftLeftLogical128BitLane(highCarry, 8) | Sse2.ShiftRightLogical128BitLane(lowCarry, 8);

        // First fold: the bits that the shifts by 1, 2 and 7 below would push out of the low half carry
        // coefficients of x^128..x^134; they come back in as x^0..x^6 via the same polynomial.
        Vector128<ulong> spill = Sse2.ShiftLeftLogical(low, 63) ^ Sse2.ShiftLeftLogical(low, 62) ^ Sse2.ShiftLeftLogical(low, 57);
        Vector128<ulong> d = low ^ Sse2.ShiftLeftLogical128BitLane(spill, 8);

        // Second fold: d·(1 + x + x^2 + x^7), which in reversed form is d ^ d>>1 ^ d>>2 ^ d>>7.
        return high ^ d ^ ShiftRight128(d, 1, 63) ^ ShiftRight128(d, 2, 62) ^ ShiftRight128(d, 7, 57);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // A 128-bit logical right shift by count; the caller passes 64 - count too, as both must be immediates.
    private static Vector128<ulong> ShiftRight128(Vector128<ulong> value, [ConstantExpected(Min = 1, Max = 63)] byte count, [ConstantExpected(Min = 1, Max = 63)] byte complement) =>
        Sse2.ShiftRightLogical(value, count) | Sse2.ShiftRightLogical128BitLane(Sse2.ShiftLeftLogical(value, complement), 8);
}
