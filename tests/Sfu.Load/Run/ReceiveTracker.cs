using Sfu.Load.Media;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;

namespace Sfu.Load.Run;

/// <summary>
/// What one subscriber receives, per SSRC: packets, losses (sequence gaps, NACKed once), jitter and latency from the
/// send time in each payload, and when the first packet of each stream arrived. Updated on the participants' loop
/// thread; the totals are read by the progress line from another thread.
/// </summary>
/// <param name="joinStartMs">When this participant opened its WebSocket (the participants' loop clock).</param>
/// <param name="expectedStreams">Remote streams already being sent when it joined: its join is complete once that
/// many streams have delivered a first packet.</param>
public sealed class ReceiveTracker(long joinStartMs, int expectedStreams)
{
    private readonly Dictionary<uint, StreamTrack> _streams = [];
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _retransmissions;

    public long JoinStartMs { get; } = joinStartMs;

    public int ExpectedStreams { get; } = expectedStreams;

    /// <summary>The SSRC its receiver reports are sent from (RFC 3550 §6.4.2).</summary>
    public uint ReporterSsrc { get; init; }

    /// <summary>
    /// Tells a consumer's RTX SSRC: packets there (NACKed packets sent again, bandwidth probes) are counted apart and
    /// are neither forwarded media nor a stream of their own.
    /// </summary>
    public Func<uint, bool>? IsRetransmission { get; init; }

    /// <summary>Packets received on RTX streams.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>When the first packet of the last expected stream arrived; null until then, or with none expected.</summary>
    public long? JoinCompleteMs { get; private set; }

    public long Packets => Interlocked.Read(ref _packets);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Lost => Interlocked.Read(ref _lost);

    public IReadOnlyDictionary<uint, StreamTrack> Streams => _streams;

    /// <summary>Records a packet; returns a NACK to send (in <paramref name="nack"/>) when a gap appeared.</summary>
    public bool OnRtp(Span<byte> packet, long nowMs, long nowUs, Span<byte> nack, out int nackLength)
    {
        nackLength = 0;
        if (!RtpPacket.TryParse(packet, out RtpPacket rtp))
        {
            return false;
        }

        if (IsRetransmission?.Invoke(rtp.Ssrc) == true)
        {
            Interlocked.Increment(ref _retransmissions);
            return false;
        }

        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, rtp.Length);
        if (!_streams.TryGetValue(rtp.Ssrc, out StreamTrack? stream))
        {
            stream = new StreamTrack { FirstArrivalMs = nowMs, LastSequenceNumber = (ushort)(rtp.SequenceNumber - 1) };
            _streams[rtp.Ssrc] = stream;
            if (ExpectedStreams > 0 && JoinCompleteMs is null && _streams.Count >= ExpectedStreams)
            {
                JoinCompleteMs = nowMs;
            }
        }

        stream.Packets++;
        long sendTimeUs = SyntheticFrames.SendTimeOf(rtp.Payload);
        if (sendTimeUs > 0 && nowUs >= sendTimeUs)
        {
            long latencyUs = nowUs - sendTimeUs;
            stream.LatencySumUs += latencyUs;
            stream.LatencyCount++;
            // RFC 3550 A.8 on the transit time, in microseconds.
            if (stream.LastTransitUs != long.MinValue)
            {
                stream.JitterUs += (Math.Abs(latencyUs - stream.LastTransitUs) - stream.JitterUs) / 16.0;
            }

            stream.LastTransitUs = latencyUs;
        }

        int gap = (ushort)(rtp.SequenceNumber - stream.LastSequenceNumber) - 1;
        if (gap is > 0 and < 1000)
        {
            stream.Lost += gap;
            Interlocked.Add(ref _lost, gap);
            Span<ushort> missing = stackalloc ushort[Math.Min(gap, 16)];
            for (int i = 0; i < missing.Length; i++)
            {
                missing[i] = (ushort)(stream.LastSequenceNumber + 1 + i);
            }

            RtcpGenericNack.TryWrite(nack, 1, rtp.Ssrc, missing, out nackLength);
        }

        if (gap >= 0 && gap < 1000)
        {
            stream.LastSequenceNumber = rtp.SequenceNumber;
        }
        else if (gap < 0 && stream.Lost > 0)
        {
            // A late packet (reordered or retransmitted) fills a gap counted as lost.
            stream.Lost--;
            Interlocked.Decrement(ref _lost);
        }

        return nackLength > 0;
    }

    /// <summary>
    /// One RTCP receiver report (RFC 3550 §6.4.2) with a block per received stream (up to 31), as a browser sends
    /// about once a second; false when nothing was received yet.
    /// </summary>
    public bool TryWriteReceiverReport(uint reporterSsrc, Span<byte> destination, out int length)
    {
        length = 0;
        int count = Math.Min(_streams.Count, 31);
        if (count == 0)
        {
            return false;
        }

        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[count];
        int i = 0;
        foreach ((uint ssrc, StreamTrack stream) in _streams)
        {
            if (i == count)
            {
                break;
            }

            long lost = Math.Clamp(stream.Lost, 0, RtcpReportBlock.MaxCumulativeLost);
            long expected = stream.Packets + lost;
            long lostSinceLast = lost - stream.LostAtLastReport;
            long expectedSinceLast = expected - stream.ExpectedAtLastReport;
            byte fraction = expectedSinceLast <= 0 || lostSinceLast <= 0 ? (byte)0 : (byte)Math.Min(255, (lostSinceLast << 8) / expectedSinceLast);
            stream.LostAtLastReport = lost;
            stream.ExpectedAtLastReport = expected;
            // Jitter in RTP timestamp units; the synthetic streams are video (90 kHz) or opus (48 kHz): 90 kHz is close enough.
            uint jitter = (uint)(stream.JitterUs * 90 / 1000);
            blocks[i++] = new RtcpReportBlock(ssrc, fraction, (int)lost, stream.LastSequenceNumber, jitter, 0, 0);
        }

        return RtcpReceiverReport.TryWrite(destination, reporterSsrc, blocks, out length);
    }

    public sealed class StreamTrack
    {
        public long FirstArrivalMs { get; init; }

        public ushort LastSequenceNumber { get; set; }

        public long Packets { get; set; }

        public long Lost { get; set; }

        public long LatencySumUs { get; set; }

        public long LatencyCount { get; set; }

        public long LastTransitUs { get; set; } = long.MinValue;

        public double JitterUs { get; set; }

        public long LostAtLastReport { get; set; }

        public long ExpectedAtLastReport { get; set; }
    }
}
