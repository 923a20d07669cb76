using System.Numerics;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// Maps a wrapping input counter (RTP sequence number, VP8/VP9 picture id, TL0PICIDX) to a continuous output
/// counter: after <see cref="Sync"/> the next input continues the output from where it stopped, and inputs the
/// caller chooses not to forward are <see cref="Drop"/>ped so that later outputs shift down and the receiver sees
/// no hole it would ask to retransmit (PROTOCOL §7.5). Reordered inputs within a window map to the same outputs
/// they would have had in order. One owner, no allocation after construction.
/// </summary>
/// <remarks>
/// Inputs are unwrapped into a 64-bit "extended" space relative to the highest input seen. A bitmap remembers
/// which of the last <see cref="Window"/> extended inputs were dropped; a dropped input that slides out of the
/// window is folded into the base offset, which keeps the mapping of everything newer unchanged.
/// </remarks>
public sealed class SequenceMapper
{
    private const int MaxWindow = 1024;
    private const int MinWindow = 64;

    private readonly long _mask;
    private readonly ulong[] _dropped;
    private long _maxInput;
    private long _floor;
    private long _base;
    private int _droppedInWindow;
    private readonly bool _startAtFirstInput;

    /// <param name="bits">Width of the counter: 16 for RTP sequence numbers, 15 for picture ids, 8 for TL0PICIDX.</param>
    /// <param name="initialOutput">
    /// The output the first forwarded input gets (an SSRC's random start, RFC 3550 §5.1); null keeps the first
    /// synced input's own value, so a stream that never re-syncs goes out unchanged.
    /// </param>
    public SequenceMapper(int bits, uint? initialOutput)
    {
        if (bits is < 8 or > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "A counter is 8 to 31 bits wide.");
        }

        Bits = bits;
        _mask = (1L << bits) - 1;

        // The window must stay well inside half the range, or unwrapping an input could not tell old from new.
        Window = (int)Math.Clamp((1L << bits) / 4, MinWindow, MaxWindow);
        _dropped = new ulong[Window / 64];
        _startAtFirstInput = initialOutput is null;
        MaxOutput = (uint)(((initialOutput ?? 0) - 1L) & _mask);
    }

    public static SequenceMapper ForRtpSequenceNumbers(ushort? initialOutput = null) => new(16, initialOutput);

    public static SequenceMapper ForPictureIds(uint? initialOutput = null) => new(15, initialOutput);

    public static SequenceMapper ForTl0PicIdx(byte? initialOutput = null) => new(8, initialOutput);

    public int Bits { get; }

    /// <summary>How far back (in inputs) reordered or late inputs are still mapped.</summary>
    public int Window { get; }

    public bool IsSynced { get; private set; }

    /// <summary>The newest output produced so far (the one before the initial output until something is mapped).</summary>
    public uint MaxOutput { get; private set; }

    /// <summary>Whether at least one input was mapped since construction.</summary>
    public bool HasOutput { get; private set; }

    /// <summary>
    /// Re-bases the mapping so that <paramref name="firstInput"/> gets <c>MaxOutput + 1 + skip</c>. Inputs older
    /// than <paramref name="firstInput"/> are refused from now on, and earlier drops are forgotten.
    /// </summary>
    public void Sync(uint firstInput, int skip = 0)
    {
        long input = firstInput & _mask;
        if (_startAtFirstInput && !HasOutput)
        {
            MaxOutput = (uint)((input - 1 - skip) & _mask);
        }

        _floor = input;
        _maxInput = input - 1;
        _base = MaxOutput + 1L + skip - input;
        Array.Clear(_dropped);
        _droppedInWindow = 0;
        IsSynced = true;
    }

    /// <summary>
    /// Gives the output for an input to forward. False (the input is not to be sent) before any sync, for an
    /// input older than the last sync or than the window, and for an input that was dropped.
    /// </summary>
    public bool TryMap(uint input, out uint output)
    {
        output = 0;
        if (!IsSynced)
        {
            return false;
        }

        long extended = Unwrap(input);
        if (extended < _floor)
        {
            return false;
        }

        int droppedBefore;
        if (extended > _maxInput)
        {
            Advance(extended);
            droppedBefore = _droppedInWindow;
        }
        else
        {
            if (extended <= _maxInput - Window || IsDropped(extended))
            {
                return false;
            }

            droppedBefore = _droppedInWindow - CountDropped(extended + 1, _maxInput + 1);
        }

        output = (uint)((extended + _base - droppedBefore) & _mask);
        if (!HasOutput || WrappingCounter.IsNewer(output, MaxOutput, Bits))
        {
            MaxOutput = output;
        }

        HasOutput = true;
        return true;
    }

    /// <summary>
    /// Removes an input from the output numbering. Only an input newer than every input seen can be dropped: the
    /// outputs of older ones may already be on the wire. Returns whether the drop was recorded.
    /// </summary>
    public bool Drop(uint input)
    {
        if (!IsSynced)
        {
            return false;
        }

        long extended = Unwrap(input);
        if (extended <= _maxInput || extended < _floor)
        {
            return false;
        }

        Advance(extended);
        int index = IndexOf(extended);
        _dropped[index >> 6] |= 1UL << (index & 63);
        _droppedInWindow++;
        return true;
    }

    private long Unwrap(uint input) =>
        _maxInput + WrappingCounter.Delta(_maxInput & _mask, input & _mask, Bits);

    private int IndexOf(long extended) => (int)(extended & (Window - 1));

    private bool IsDropped(long extended)
    {
        int index = IndexOf(extended);
        return (_dropped[index >> 6] & (1UL << (index & 63))) != 0;
    }

    /// <summary>Moves the newest input to <paramref name="newMax"/>, folding drops that leave the window into the base.</summary>
    private void Advance(long newMax)
    {
        if (newMax - _maxInput >= Window)
        {
            _base -= _droppedInWindow;
            Array.Clear(_dropped);
            _droppedInWindow = 0;
        }
        else if (_droppedInWindow > 0)
        {
            for (long position = _maxInput + 1; position <= newMax; position++)
            {
                // The slot of a new position held the position one window older, which now leaves the window.
                int index = IndexOf(position);
                ulong bit = 1UL << (index & 63);
                if ((_dropped[index >> 6] & bit) != 0)
                {
                    _dropped[index >> 6] &= ~bit;
                    _droppedInWindow--;
                    _base--;
                }
            }
        }

        _maxInput = newMax;
    }

    /// <summary>Dropped inputs in [from, to), a range inside the window.</summary>
    private int CountDropped(long from, long to)
    {
        int count = 0;
        long position = from;
        while (position < to)
        {
            int index = IndexOf(position);
            int bit = index & 63;
            int run = (int)Math.Min(64 - bit, to - position);
            ulong mask = run == 64 ? ulong.MaxValue : ((1UL << run) - 1) << bit;
            count += BitOperations.PopCount(_dropped[index >> 6] & mask);
            position += run;
        }

        return count;
    }
}
