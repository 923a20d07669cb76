namespace Sfu.Transport.Rtcp;

/// <summary>A packet the receiver got: its transport-wide sequence number and when it arrived, in microseconds.</summary>
public readonly record struct TransportFeedbackArrival(ushort SequenceNumber, long ArrivalTimeMicroseconds);
