using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>XOR of two byte ranges, sixteen bytes at a time where the hardware allows.</summary>
internal static class ByteXor
{
    /// <summary><paramref name="target"/>[i] ^= <paramref name="mask"/>[i] for every byte of target.</summary>
    public static void InPlace(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        if (mask.Length < target.Length)
        {
            throw new ArgumentException("The mask is shorter than the target.", nameof(mask));
        }

        ref byte t = ref MemoryMarshal.GetReference(target);
        ref byte m = ref MemoryMarshal.GetReference(mask);
        nuint length = (nuint)target.Length;
        nuint i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; length - i >= 16; i += 16)
            {
                (Vector128.LoadUnsafe(ref t, i) ^ Vector128.LoadUnsafe(ref m, i)).StoreUnsafe(ref t, i);
            }
        }

        for (; i < length; i++)
        {
            target[(int)i] ^= mask[(int)i];
        }
    }
}
