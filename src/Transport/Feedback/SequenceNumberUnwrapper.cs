namespace Sfu.Transport.Feedback;

/// <summary>
/// Turns 16-bit RTP (or transport-wide) sequence numbers into a 64-bit counter that keeps counting across
/// wrap-arounds (the "cycles" of RFC 3550 A.1). Each number is placed at the extended value closest to the last
/// one, so reordered packets from before a wrap land below it instead of a whole cycle ahead.
/// </summary>
public struct SequenceNumberUnwrapper
{
    private long _last;
    private bool _started;

    public readonly bool HasStarted => _started;

    /// <summary>The extended value of the last number given to <see cref="Unwrap"/>.</summary>
    public readonly long Last => _last;

    public long Unwrap(ushort sequenceNumber)
    {
        if (!_started)
        {
            _started = true;
            _last = sequenceNumber;
            return _last;
        }

        _last += Distance((ushort)_last, sequenceNumber);
        return _last;
    }

    /// <summary>The extended value a number would get, without moving the reference.</summary>
    public readonly long Peek(ushort sequenceNumber) => _started ? _last + Distance((ushort)_last, sequenceNumber) : sequenceNumber;

    public void Reset() => this = default;

    /// <summary>Signed forward distance from <paramref name="from"/> to <paramref name="to"/>, in −32768..32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>Whether <paramref name="candidate"/> comes after <paramref name="reference"/> in RTP order.</summary>
    public static bool IsNewer(ushort candidate, ushort reference) => Distance(reference, candidate) > 0;
}
