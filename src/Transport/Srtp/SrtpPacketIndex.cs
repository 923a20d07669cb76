namespace Sfu.Transport.Srtp;

/// <summary>
/// The 48-bit SRTP packet index i = 2^16 * ROC + SEQ and its estimation from a 16-bit sequence number
/// (RFC 3711 §3.3.1 and Appendix A).
/// </summary>
internal static class SrtpPacketIndex
{
    private const int HalfSequenceSpace = 1 << 15;

    /// <summary>
    /// Guesses the index of a packet with <paramref name="sequenceNumber"/>, given the highest index seen so
    /// far: the rollover counter that puts the packet closest to s_l, which may be one more (the sequence
    /// wrapped) or one less (a late packet from before the wrap). Returns false when the guess would fall
    /// before index 0 or past the 48-bit space.
    /// </summary>
    public static bool TryEstimate(bool hasHighest, ulong highestIndex, ushort sequenceNumber, out ulong index)
    {
        if (!hasHighest)
        {
            // RFC 3711 §3.3.1: the receiver starts with ROC = 0 and s_l = the first sequence number.
            index = sequenceNumber;
            return true;
        }

        long rolloverCounter = (long)(highestIndex >> 16);
        int highestSequence = (int)(highestIndex & 0xFFFF);
        long guess;
        if (highestSequence < HalfSequenceSpace)
        {
            guess = sequenceNumber - highestSequence > HalfSequenceSpace ? rolloverCounter - 1 : rolloverCounter;
        }
        else
        {
            guess = highestSequence - HalfSequenceSpace > sequenceNumber ? rolloverCounter + 1 : rolloverCounter;
        }

        if (guess < 0 || guess > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequenceNumber;
        return true;
    }

    public static uint RolloverCounter(ulong index) => (uint)(index >> 16);
}
