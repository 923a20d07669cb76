namespace Sfu.Transport.Feedback;

/// <summary>Bounds of a download transport's bandwidth estimate (PROTOCOL.md §7.6, R96).</summary>
/// <param name="StartBitrate">mediasoup starts every transport at 600 kbps.</param>
/// <param name="MaxBitrate">MAX_BITRATE_OUT: the estimate never goes above it.</param>
/// <param name="MinBitrate">The floor, so that audio and the lowest layer always have room.</param>
public sealed record BandwidthEstimatorSettings(long StartBitrate = 600_000, long MaxBitrate = 10_000_000, long MinBitrate = 30_000)
{
    public static BandwidthEstimatorSettings Default { get; } = new();
}
