namespace Sfu.Transport.Rtcp;

/// <summary>
/// What transport-cc feedback says about one sequence number: received or not and, when received, the arrival
/// time relative to the previous received packet (or to the reference time for the first) in 250 µs ticks.
/// </summary>
public readonly record struct TransportFeedbackPacketStatus(ushort SequenceNumber, bool IsReceived, int DeltaTicks)
{
    public long DeltaMicroseconds => DeltaTicks * (long)TransportFeedbackChunks.MicrosecondsPerTick;
}
