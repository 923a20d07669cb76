using System.Text;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Rtcp.Support;

/// <summary>
/// Round trips of transport-cc feedback go through arrival times: the statuses of a parsed packet are turned
/// back into (sequence number, arrival time) pairs, fed to the builder, and the packets it writes must report
/// the same arrivals. Times are compared modulo the 24-bit reference time wrap (2^24 × 64 ms).
/// </summary>
internal static class TransportFeedbackDescription
{
    public const long WrapMicroseconds = (1L << 24) * 64_000;

    public static string Describe(RtcpTransportFeedback feedback)
    {
        var text = new StringBuilder();
        text.Append("TWCC ").Append(feedback.SenderSsrc).Append(' ').Append(feedback.MediaSsrc)
            .Append(" base=").Append(feedback.BaseSequenceNumber).Append(" count=").Append(feedback.PacketStatusCount)
            .Append(" ref=").Append(feedback.ReferenceTime).Append(" fb=").Append(feedback.FeedbackPacketCount)
            .Append(" received=").Append(feedback.ReceivedCount);
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            text.Append(' ').Append(status.SequenceNumber).Append(status.IsReceived ? "+" + status.DeltaTicks : "-");
        }

        return text.ToString();
    }

    public static List<TransportFeedbackArrival> Arrivals(RtcpTransportFeedback feedback)
    {
        var arrivals = new List<TransportFeedbackArrival>();
        long time = feedback.ReferenceTimeMicroseconds;
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            if (status.IsReceived)
            {
                time += status.DeltaMicroseconds;
                arrivals.Add(new TransportFeedbackArrival(status.SequenceNumber, time));
            }
        }

        return arrivals;
    }

    /// <summary>Builds feedback for the arrivals, in as many packets as the builder needs, and reads them back.</summary>
    public static List<TransportFeedbackArrival> BuildAndRead(
        IReadOnlyList<TransportFeedbackArrival> arrivals,
        int maxPacketLength,
        uint senderSsrc,
        uint mediaSsrc,
        byte feedbackPacketCount,
        out int packets)
    {
        TransportFeedbackArrival[] input = [.. arrivals];
        byte[] buffer = new byte[maxPacketLength];
        var readBack = new List<TransportFeedbackArrival>();
        packets = 0;
        int offset = 0;
        while (offset < input.Length)
        {
            if (!RtcpTransportFeedbackBuilder.TryWrite(buffer, senderSsrc, mediaSsrc, feedbackPacketCount, input.AsSpan(offset), out int length, out int consumed))
            {
                throw new InvalidOperationException($"The builder refused arrivals from index {offset}.");
            }

            if (!RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback))
            {
                throw new InvalidOperationException("The builder wrote a packet the parser refuses.");
            }

            if (feedback.SenderSsrc != senderSsrc || feedback.MediaSsrc != mediaSsrc || feedback.FeedbackPacketCount != feedbackPacketCount)
            {
                throw new InvalidOperationException("The builder lost a header field.");
            }

            readBack.AddRange(Arrivals(feedback));
            offset += consumed;
            packets++;
        }

        return readBack;
    }

    public static bool SameArrivals(IReadOnlyList<TransportFeedbackArrival> expected, IReadOnlyList<TransportFeedbackArrival> actual)
    {
        if (expected.Count != actual.Count)
        {
            return false;
        }

        for (int i = 0; i < expected.Count; i++)
        {
            if (expected[i].SequenceNumber != actual[i].SequenceNumber
                || Modulo(expected[i].ArrivalTimeMicroseconds - actual[i].ArrivalTimeMicroseconds, WrapMicroseconds) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks a parsed packet against itself and the builder: the statuses number exactly the status count, the
    /// received ones exactly the received count, and building feedback from its arrivals reads back the same
    /// arrivals. Returns what went wrong, or null.
    /// </summary>
    public static string? CheckRoundTrip(RtcpTransportFeedback feedback)
    {
        int statuses = 0;
        int received = 0;
        ushort expectedSequence = feedback.BaseSequenceNumber;
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            if (status.SequenceNumber != expectedSequence)
            {
                return $"status {statuses} is for {status.SequenceNumber}, expected {expectedSequence}";
            }

            expectedSequence++;
            statuses++;
            received += status.IsReceived ? 1 : 0;
        }

        if (statuses != feedback.PacketStatusCount || received != feedback.ReceivedCount)
        {
            return $"{statuses} statuses and {received} received, the packet says {feedback.PacketStatusCount} and {feedback.ReceivedCount}";
        }

        List<TransportFeedbackArrival> arrivals = Arrivals(feedback);
        if (arrivals.Count == 0)
        {
            return null;
        }

        List<TransportFeedbackArrival> readBack = BuildAndRead(arrivals, 1200, feedback.SenderSsrc, feedback.MediaSsrc, feedback.FeedbackPacketCount, out _);
        return SameArrivals(arrivals, readBack) ? null : "the builder did not report the same arrivals";
    }

    private static long Modulo(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
