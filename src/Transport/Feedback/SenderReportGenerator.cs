using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Sender Reports for one outgoing stream (RFC 3550 §6.4.1, PROTOCOL.md §7.3, R93): counts the packets and
/// payload octets sent, remembers the RTP timestamp of the newest packet and when it went out, and writes an
/// SR whose RTP timestamp is that one moved forward by the time elapsed since, at the stream's clock rate, next
/// to the caller's wall clock in NTP form. The SR travels with an SDES CNAME and, once the receiver sent an XR
/// receiver reference time, an XR DLRR block so that it can measure its RTT (RFC 3611 §4.5).
/// </summary>
public sealed class SenderReportGenerator
{
    /// <summary>mediasoup sends a stream's SR at most every maxInterval / 1.15 (audio 5 s, video 1 s).</summary>
    public const double IntervalDivisor = 1.15;

    public const int AudioMaxIntervalMs = 5000;
    public const int VideoMaxIntervalMs = 1000;

    private readonly int _clockRate;
    private uint _lastTimestamp;
    private long _lastSentAtMs;
    private long _lastReportMs = long.MinValue;
    private bool _hasReceiverReferenceTime;
    private uint _receiverSsrc;
    private uint _lastReceiverReferenceCompact;
    private long _receiverReferenceArrivalMs;

    public SenderReportGenerator(uint ssrc, int clockRate)
    {
        if (clockRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(clockRate), clockRate, "The RTP clock rate must be positive.");
        }

        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    public uint PacketCount { get; private set; }

    /// <summary>Payload octets, headers and padding excluded (RFC 3550 §6.4.1).</summary>
    public uint OctetCount { get; private set; }

    public bool HasSentPackets => PacketCount > 0;

    public void OnPacketSent(uint rtpTimestamp, int payloadLength, long nowMs)
    {
        // Counts wrap modulo 2^32 as the RFC says they do.
        if (PacketCount == 0 || (int)(rtpTimestamp - _lastTimestamp) >= 0)
        {
            _lastTimestamp = rtpTimestamp;
            _lastSentAtMs = nowMs;
        }

        PacketCount++;
        OctetCount += (uint)payloadLength;
    }

    /// <summary>Remembers the receiver's XR receiver reference time (RFC 3611 §4.4) to answer with a DLRR.</summary>
    public void OnReceiverReferenceTime(uint receiverSsrc, ulong ntpTimestamp, long nowMs)
    {
        _hasReceiverReferenceTime = true;
        _receiverSsrc = receiverSsrc;
        _lastReceiverReferenceCompact = RtcpSenderInfo.CompactNtpOf(ntpTimestamp);
        _receiverReferenceArrivalMs = nowMs;
    }

    /// <summary>Whether an SR should go out now: something was sent and the stream's interval has elapsed.</summary>
    public bool IsReportDue(long nowMs, int maxIntervalMs) =>
        HasSentPackets && (_lastReportMs == long.MinValue || nowMs - _lastReportMs >= (long)(maxIntervalMs / IntervalDivisor));

    /// <summary>The sender information for a report at <paramref name="nowMs"/> (the worker's monotonic clock).</summary>
    public RtcpSenderInfo CreateSenderInfo(long nowMs, long wallClockUnixMs)
    {
        long elapsedTicks = (nowMs - _lastSentAtMs) * _clockRate / 1000;
        var rtpTimestamp = (uint)(_lastTimestamp + elapsedTicks);
        return new RtcpSenderInfo(NtpTime.FromUnixMilliseconds(wallClockUnixMs), rtpTimestamp, PacketCount, OctetCount);
    }

    /// <summary>Writes SR + SDES CNAME (+ XR DLRR when the receiver sent a reference time) as one compound packet.</summary>
    public bool TryWriteReport(Span<byte> destination, long nowMs, long wallClockUnixMs, ReadOnlySpan<byte> canonicalName, out int length)
    {
        length = 0;
        var compound = new RtcpCompoundWriter(destination);
        RtcpSenderInfo info = CreateSenderInfo(nowMs, wallClockUnixMs);
        if (!RtcpSenderReport.TryWrite(compound.Free, Ssrc, info, ReadOnlySpan<RtcpReportBlock>.Empty, out int written) || !compound.TryCommit(written)
            || !RtcpSourceDescriptionWriter.TryWriteCanonicalName(compound.Free, Ssrc, canonicalName, out written) || !compound.TryCommit(written))
        {
            return false;
        }

        if (_hasReceiverReferenceTime)
        {
            Span<RtcpDlrrSubBlock> dlrr =
            [
                new RtcpDlrrSubBlock(_receiverSsrc, _lastReceiverReferenceCompact, NtpTime.MillisecondsToCompact(nowMs - _receiverReferenceArrivalMs)),
            ];
            var xr = new RtcpExtendedReportWriter(compound.Free, Ssrc);
            if (!xr.TryAddDlrr(dlrr) || !xr.TryFinish(out written) || !compound.TryCommit(written))
            {
                return false;
            }
        }

        _lastReportMs = nowMs;
        length = compound.Length;
        return true;
    }
}
