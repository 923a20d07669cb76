using Sfu.Load.Media;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;

namespace Sfu.Load.Run;

/// <summary>
/// What one subscriber receives, per SSRC: packets, losses (sequence gaps, NACKed once), jitter and latency from the
/// send time in each payload, and when the first packet of each stream arrived. Updated on the participants' loop
/// thread; the totals are read by the progress line from another thread.
/// </summary>
public sealed class ReceiveTracker(long joinStartMs)
{
    private readonly Dictionary<uint, StreamTrack> _streams = [];
    private long _packets;
    private long _bytes;
    private long _lost;

    public long JoinStartMs { get; } = joinStartMs;

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

        Interlocked.Increment(ref _packets);
        Interlocked.Add(ref _bytes, rtp.Length);
        if (!_streams.TryGetValue(rtp.Ssrc, out StreamTrack? stream))
        {
            stream = new StreamTrack { FirstArrivalMs = nowMs, LastSequenceNumber = (ushort)(rtp.SequenceNumber - 1) };
            _streams[rtp.Ssrc] = stream;
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
    }
}
