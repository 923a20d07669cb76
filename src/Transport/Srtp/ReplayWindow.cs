using System.Runtime.CompilerServices;

namespace Sfu.Transport.Srtp;

/// <summary>
/// The highest accepted packet index of a stream and a 1,024-packet sliding bitmap behind it
/// (RFC 3711 §3.3.2; the RFC asks for at least 64, browsers reorder more than that on lossy paths).
/// The bitmap is a ring: index i owns bit i mod 1024. A mutable struct kept inside its stream object.
/// </summary>
internal struct ReplayWindow
{
    public const int Size = 1024;

    private WindowBits _bits;

    /// <summary>Whether any index was accepted yet.</summary>
    public bool HasHighest { get; private set; }

    /// <summary>The highest accepted index (48 bits for SRTP, 31 for SRTCP).</summary>
    public ulong Highest { get; private set; }

    /// <summary>Whether <paramref name="index"/> could still be accepted; changes nothing.</summary>
    public readonly SrtpResult Check(ulong index)
    {
        if (!HasHighest || index > Highest)
        {
            return SrtpResult.Ok;
        }

        if (Highest - index >= Size)
        {
            return SrtpResult.TooOld;
        }

        return IsSet(index) ? SrtpResult.Replayed : SrtpResult.Ok;
    }

    /// <summary>Records <paramref name="index"/> as received, sliding the window forward when it is new.</summary>
    public void Accept(ulong index)
    {
        if (!HasHighest)
        {
            HasHighest = true;
            Highest = index;
            _bits = default;
        }
        else if (index > Highest)
        {
            // Forget the indices the window slides over: they are the bits of Highest+1 .. index.
            ulong advance = index - Highest;
            if (advance >= Size)
            {
                _bits = default;
            }
            else
            {
                for (ulong i = Highest + 1; i < index; i++)
                {
                    Clear(i);
                }
            }

            Highest = index;
        }
        else if (Highest - index >= Size)
        {
            return;
        }

        Set(index);
    }

    private readonly bool IsSet(ulong index)
    {
        int bit = (int)(index % Size);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void Set(ulong index)
    {
        int bit = (int)(index % Size);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    private void Clear(ulong index)
    {
        int bit = (int)(index % Size);
        _bits[bit >> 6] &= ~(1UL << (bit & 63));
    }

    [InlineArray(Size / 64)]
    private struct WindowBits
    {
        private ulong _word;
    }
}
