using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Round-trip time from the LSR/DLSR echo of a report block (RFC 3550 §6.4.1) or the LRR/DLRR echo of an XR
/// DLRR sub-block (RFC 3611 §4.5): RTT = arrival − last report − delay since, all in compact NTP (1/65536 s).
/// The caller passes the wall clock of the arrival; until a measurement exists the RTT is 100 ms, mediasoup's
/// default for NACK spacing and retransmission (PROTOCOL.md §7.2, §7.3).
/// </summary>
public sealed class RttEstimator
{
    public const int DefaultRttMs = 100;

    public int RttMs { get; private set; } = DefaultRttMs;

    public bool HasMeasurement { get; private set; }

    /// <summary>Updates from a report block about one of our streams; false when it carries no echo.</summary>
    public bool TryUpdate(in RtcpReportBlock block, long arrivalUnixMs) =>
        TryUpdate(block.LastSenderReport, block.DelaySinceLastSenderReport, arrivalUnixMs);

    /// <summary>Updates from the DLRR answer to our receiver reference time.</summary>
    public bool TryUpdate(in RtcpDlrrSubBlock subBlock, long arrivalUnixMs) =>
        TryUpdate(subBlock.LastReceiverReport, subBlock.DelaySinceLastReceiverReport, arrivalUnixMs);

    private bool TryUpdate(uint lastReport, uint delaySinceLastReport, long arrivalUnixMs)
    {
        // A zero LSR means "no report received yet" (§6.4.1): there is nothing to measure.
        if (lastReport == 0)
        {
            return false;
        }

        uint arrival = NtpTime.CompactFromUnixMilliseconds(arrivalUnixMs);
        var rtt = (int)(arrival - lastReport - delaySinceLastReport);
        if (rtt < 0)
        {
            // The peer's delay is longer than the time elapsed on our clock: a bogus echo, not a negative RTT.
            return false;
        }

        RttMs = (int)Math.Max(1, NtpTime.CompactToMilliseconds((uint)rtt));
        HasMeasurement = true;
        return true;
    }
}
