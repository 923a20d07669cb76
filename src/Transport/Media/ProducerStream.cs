using Sfu.Transport.Feedback;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Media;

/// <summary>
/// One encoding of a producer as it arrives (PROTOCOL.md §7.2): its SSRC once known (announced, or learned from the
/// first packet carrying its MID/RID), its RTX SSRC, its receive statistics and bitrate, the last Sender Report clock
/// (which aligns simulcast layers, §7.5) and its key-frame requests toward the sender.
/// </summary>
public sealed class ProducerStream
{
    /// <summary>How fast the remembered peak fades: a sender that really lowered a layer's bitrate is believed within seconds.</summary>
    public const int PeakHalfLifeMs = 2000;

    private readonly DecayingPeak _peakBitrate = new(PeakHalfLifeMs);

    public ProducerStream(Producer producer, int spatialLayer, uint? ssrc, string? rid, uint? rtxSsrc, int clockRate, bool nack)
    {
        Nacks = nack ? new NackGenerator() : null;
        Producer = producer;
        SpatialLayer = spatialLayer;
        Ssrc = ssrc;
        Rid = rid;
        RtxSsrc = rtxSsrc;
        Statistics = new ReceiveStreamStatistics(ssrc ?? 0, clockRate);
    }

    public Producer Producer { get; }

    /// <summary>The index of this encoding: 0 is the lowest simulcast layer.</summary>
    public int SpatialLayer { get; }

    public uint? Ssrc { get; internal set; }

    public string? Rid { get; }

    public uint? RtxSsrc { get; internal set; }

    public ReceiveStreamStatistics Statistics { get; internal set; }

    public RateCalculator Rate { get; } = new();

    /// <summary>Generic NACKs toward the sender for the gaps of this stream, when "nack" was negotiated (R86).</summary>
    public NackGenerator? Nacks { get; }

    public KeyFrameRequestCoalescer KeyFrames { get; } = new();

    /// <summary>
    /// The packets of this stream as they arrived, once for all its consumers, from which each rebuilds what its
    /// receiver NACKs (R94); made when the first consumer that can retransmit (negotiated RTX) appears.
    /// </summary>
    public RetransmissionBuffer? History { get; private set; }

    /// <param name="chunks">The worker's pool the history's ring takes its chunks from and gives them back to.</param>
    internal void KeepHistory(Net.ChunkPool chunks) => History ??= new RetransmissionBuffer(
        Producer.Kind == MediaKind.Video ? RetransmissionBufferSettings.Video : RetransmissionBufferSettings.Audio, chunks);

    public SenderReportClock Clock { get; internal set; } = SenderReportClock.Unknown;

    /// <summary>Packets seen, for "is this layer alive" decisions.</summary>
    public long PacketCount { get; internal set; }

    public long LastPacketMs { get; internal set; } = long.MinValue;

    public long FirstPacketMs { get; internal set; } = long.MinValue;

    /// <summary>Whether the stream has been sending for a whole rate window, so that its bitrate means something.</summary>
    public bool HasSteadyRate(long nowMs) =>
        IsActive(nowMs) && nowMs - FirstPacketMs >= Forwarding.RateCalculator.WindowMilliseconds;

    /// <summary>Whether the stream sent something in the last two seconds.</summary>
    public bool IsActive(long nowMs) => LastPacketMs != long.MinValue && nowMs - LastPacketMs < 2000;

    /// <summary>
    /// The bitrate layer selection plans with (R96): the last second's rate, or the recent peak decaying with a
    /// half-life of <see cref="PeakHalfLifeMs"/> when that is higher. A sender that stalls for a moment (a network
    /// hiccup, a busy encoder) leaves a near-empty rate window; planning with it would make every layer look cheap
    /// and switch receivers up to a layer they cannot take once the stream flows again.
    /// </summary>
    public long PlanningBitrate(long nowMs) => _peakBitrate.Observe(Rate.GetBitrate(nowMs), nowMs);
}
