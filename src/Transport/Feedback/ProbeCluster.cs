namespace Sfu.Transport.Feedback;

/// <summary>
/// One bandwidth probe: every packet a download transport stamps with a transport-wide sequence number while the
/// probe runs (media and probe packets alike) belongs to it, and the transport-cc feedback about those packets says
/// at what rate they left and at what rate they arrived. The delay-based controller alone cannot find bandwidth the
/// sender does not use (draft-ietf-rmcat-gcc-02 §5.5 grows the estimate only near the acknowledged rate), so a
/// transport whose consumers want more than the estimate sends a short burst above it and learns the path's rate
/// from how the burst arrived: a path that carries the burst delivers it as fast as it was sent; a bottleneck
/// spreads it out, and the arrival rate is then the bottleneck's rate.
/// </summary>
public sealed class ProbeCluster
{
    /// <summary>Fewer received packets than this say nothing about a rate.</summary>
    public const int MinPackets = 5;

    /// <summary>Below this share of the cluster received, the probe ran into loss and is not trusted.</summary>
    public const double MinReceivedShare = 0.8;

    /// <summary>Send or arrival spans shorter than this are clock granularity, not a rate.</summary>
    public const long MinSpanUs = 5_000;

    /// <summary>Arrivals slower than this share of the send rate mean the burst met a bottleneck.</summary>
    public const double BottleneckRatio = 0.9;

    /// <summary>What is kept of a bottleneck's arrival rate, to leave its queue room to drain.</summary>
    public const double BottleneckMargin = 0.95;

    private long _firstSendUs = long.MaxValue;
    private long _lastSendUs = long.MinValue;
    private int _lastSentSize;
    private long _firstArrivalUs = long.MaxValue;
    private long _lastArrivalUs = long.MinValue;
    private int _firstArrivedSize;
    private long _receivedBytes;

    public ProbeCluster(ushort firstSequenceNumber) => FirstSequenceNumber = firstSequenceNumber;

    public ushort FirstSequenceNumber { get; }

    /// <summary>Packets stamped while the probe ran.</summary>
    public int PacketsSent { get; private set; }

    /// <summary>Packets the feedback reported as received.</summary>
    public int PacketsReceived { get; private set; }

    /// <summary>Packets the feedback reported, received or lost.</summary>
    public int PacketsReported { get; private set; }

    /// <summary>Whether the burst is over (<see cref="End"/>): no packet joins it any more.</summary>
    public bool IsEnded { get; private set; }

    /// <summary>When the burst ended, µs.</summary>
    public long EndUs { get; private set; }

    /// <summary>Counts a packet stamped while the probe runs.</summary>
    public void OnPacketSent()
    {
        if (!IsEnded)
        {
            PacketsSent++;
        }
    }

    /// <summary>Closes the burst: the packets stamped so far are all of it.</summary>
    public void End(long nowUs)
    {
        IsEnded = true;
        EndUs = nowUs;
    }

    /// <summary>Whether a transport-wide sequence number was stamped during the burst (so far).</summary>
    public bool Contains(ushort sequenceNumber) => (ushort)(sequenceNumber - FirstSequenceNumber) < PacketsSent;

    /// <summary>Whether every packet of the burst has been reported on, received or lost.</summary>
    public bool IsFullyReported => IsEnded && PacketsReported >= PacketsSent;

    /// <summary>A report on one of the burst's packets, with its send time and size from the sent-packet history.</summary>
    public void OnReport(bool received, long sendUs, long arrivalUs, int size)
    {
        PacketsReported++;
        if (!received)
        {
            return;
        }

        PacketsReceived++;
        _receivedBytes += size;
        if (sendUs < _firstSendUs)
        {
            _firstSendUs = sendUs;
        }

        if (sendUs >= _lastSendUs)
        {
            _lastSendUs = sendUs;
            _lastSentSize = size;
        }

        if (arrivalUs < _firstArrivalUs)
        {
            _firstArrivalUs = arrivalUs;
            _firstArrivedSize = size;
        }

        if (arrivalUs > _lastArrivalUs)
        {
            _lastArrivalUs = arrivalUs;
        }
    }

    /// <summary>
    /// The rate the path carried, bit/s, or 0 when the burst says nothing (too few packets, too much loss, spans
    /// below clock granularity). A rate over an interval counts the bytes of every packet but the one that closes
    /// the interval: the last sent for the send rate, the first to arrive for the arrival rate.
    /// </summary>
    public long Result()
    {
        if (PacketsReceived < MinPackets || PacketsReceived < MinReceivedShare * PacketsSent)
        {
            return 0;
        }

        long sendSpanUs = _lastSendUs - _firstSendUs;
        if (sendSpanUs < MinSpanUs)
        {
            return 0;
        }

        double sendRate = (_receivedBytes - _lastSentSize) * 8e6 / sendSpanUs;
        long arrivalSpanUs = Math.Max(_lastArrivalUs - _firstArrivalUs, MinSpanUs);
        double arrivalRate = (_receivedBytes - _firstArrivedSize) * 8e6 / arrivalSpanUs;
        return arrivalRate < BottleneckRatio * sendRate
            ? (long)(BottleneckMargin * arrivalRate)
            : (long)Math.Min(sendRate, arrivalRate);
    }
}
