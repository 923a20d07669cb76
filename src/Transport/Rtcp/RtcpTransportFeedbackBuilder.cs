using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Writes transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from the packets a
/// receiver got. Arrivals are given in transport-wide sequence order (wrapping at 65535); the gaps between
/// them are reported as not received. One call writes one feedback packet no larger than the destination, as
/// many arrivals as fit, and says how many it consumed: call again with the rest to split a long list.
/// A packet also ends before an arrival whose delta does not fit 16 signed bits of 250 µs (±8.19 s) or whose
/// sequence number does not move forward.
/// </summary>
public static class RtcpTransportFeedbackBuilder
{
    /// <summary>The smallest packet: fixed part, one chunk, one small delta, padded to a word.</summary>
    public const int MinLength = RtcpTransportFeedback.FixedLength + 4;

    public static bool TryWrite(
        Span<byte> destination,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackPacketCount,
        ReadOnlySpan<TransportFeedbackArrival> arrivals,
        out int length,
        out int consumed)
    {
        length = 0;
        consumed = 0;
        if (arrivals.IsEmpty || destination.Length < MinLength)
        {
            return false;
        }

        // The reference time is the first arrival rounded down to 64 ms; deltas count 250 µs ticks from it.
        long referenceUnits = FloorDivide(arrivals[0].ArrivalTimeMicroseconds, TransportFeedbackChunks.MicrosecondsPerReferenceUnit);
        long referenceMicroseconds = referenceUnits * TransportFeedbackChunks.MicrosecondsPerReferenceUnit;
        Span<byte> chunkArea = destination[RtcpTransportFeedback.FixedLength..];

        var encoder = new TransportFeedbackChunkEncoder();
        int statusCount = 0;
        int deltaBytes = 0;
        long previousTicks = 0;
        ushort previousSequenceNumber = arrivals[0].SequenceNumber;
        while (consumed < arrivals.Length)
        {
            TransportFeedbackArrival arrival = arrivals[consumed];
            long ticks = TicksSince(referenceMicroseconds, arrival.ArrivalTimeMicroseconds);
            long delta = ticks - previousTicks;
            int gap = consumed == 0 ? 0 : (ushort)(arrival.SequenceNumber - previousSequenceNumber) - 1;
            if (delta is < short.MinValue or > short.MaxValue || gap is < 0 or >= 0x7FFF || statusCount + gap + 1 > ushort.MaxValue)
            {
                break;
            }

            int symbol = delta is >= 0 and <= byte.MaxValue ? TransportFeedbackChunks.SmallDelta : TransportFeedbackChunks.LargeDelta;
            TransportFeedbackChunkEncoder snapshot = encoder;
            encoder.Add(TransportFeedbackChunks.NotReceived, gap, chunkArea);
            encoder.Add(symbol, 1, chunkArea);
            int size = RtcpTransportFeedback.FixedLength + encoder.EncodedLength + deltaBytes + symbol;
            if (encoder.Overflowed || AlignTo4(size) > destination.Length)
            {
                encoder = snapshot;
                break;
            }

            deltaBytes += symbol;
            statusCount += gap + 1;
            previousTicks = ticks;
            previousSequenceNumber = arrival.SequenceNumber;
            consumed++;
        }

        if (consumed == 0)
        {
            return false;
        }

        encoder.Flush(chunkArea);
        int offset = RtcpTransportFeedback.FixedLength + encoder.EncodedLength;
        WriteDeltas(destination, ref offset, referenceMicroseconds, arrivals[..consumed]);

        int paddingLength = AlignTo4(offset) - offset;
        if (paddingLength > 0)
        {
            // RFC 3550 §6.4.1 padding: zeros, the last byte counting them, and the P bit.
            destination.Slice(offset, paddingLength).Clear();
            destination[offset + paddingLength - 1] = (byte)paddingLength;
        }

        length = offset + paddingLength;
        RtcpHeader.WriteFeedback(destination, RtcpTransportFeedback.FeedbackFormat, RtcpPacketType.TransportLayerFeedback, length, senderSsrc, mediaSsrc, paddingLength > 0);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], arrivals[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)statusCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ((uint)(referenceUnits & 0xFFFFFF) << 8) | feedbackPacketCount);
        return true;
    }

    private static void WriteDeltas(Span<byte> destination, ref int offset, long referenceMicroseconds, ReadOnlySpan<TransportFeedbackArrival> arrivals)
    {
        long previousTicks = 0;
        foreach (TransportFeedbackArrival arrival in arrivals)
        {
            long ticks = TicksSince(referenceMicroseconds, arrival.ArrivalTimeMicroseconds);
            long delta = ticks - previousTicks;
            previousTicks = ticks;
            if (delta is >= 0 and <= byte.MaxValue)
            {
                destination[offset++] = (byte)delta;
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(destination[offset..], (short)delta);
                offset += 2;
            }
        }
    }

    /// <summary>250 µs ticks from the reference, rounded to the nearest tick.</summary>
    private static long TicksSince(long referenceMicroseconds, long arrivalMicroseconds) =>
        FloorDivide(arrivalMicroseconds - referenceMicroseconds + TransportFeedbackChunks.MicrosecondsPerTick / 2, TransportFeedbackChunks.MicrosecondsPerTick);

    private static long FloorDivide(long value, long divisor)
    {
        long quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    private static int AlignTo4(int length) => (length + 3) & ~3;
}
