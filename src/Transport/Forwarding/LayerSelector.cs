namespace Sfu.Transport.Forwarding;

/// <summary>
/// Picks the simulcast layers a consumer should receive from the producer's measured layer bitrates and the
/// bitrate available to the consumer (PROTOCOL §7.6, R96): the highest layer that fits, never above the
/// preferred layers, the lowest live layer when nothing fits. Moving up needs <see cref="UpgradeHeadroomPercent"/>
/// of spare bitrate while staying only needs the layer to fit, so an estimate hovering near a layer's bitrate does
/// not make the choice flap.
/// </summary>
public sealed class LayerSelector
{
    public const int UpgradeHeadroomPercent = 15;

    /// <summary>The choice made last, which the hysteresis is relative to.</summary>
    public LayerChoice Current { get; private set; } = new(-1, -1);

    /// <summary>
    /// Chooses layers. <paramref name="layerBitrates"/>[s * temporalLayerCount + t] is the bitrate of spatial
    /// layer s with temporal layers 0..t (0 for a layer that is not being received).
    /// </summary>
    public LayerChoice Select(
        ReadOnlySpan<long> layerBitrates,
        int spatialLayerCount,
        int temporalLayerCount,
        long availableBitrate,
        int preferredSpatialLayer = int.MaxValue,
        int preferredTemporalLayer = int.MaxValue)
    {
        LayerChoice best = new(-1, -1);
        LayerChoice lowest = new(-1, -1);
        int maxSpatial = Math.Min(spatialLayerCount - 1, preferredSpatialLayer);
        int maxTemporal = Math.Min(temporalLayerCount - 1, preferredTemporalLayer);
        for (int spatial = 0; spatial <= maxSpatial; spatial++)
        {
            for (int temporal = 0; temporal <= maxTemporal; temporal++)
            {
                int index = spatial * temporalLayerCount + temporal;
                if (index >= layerBitrates.Length || layerBitrates[index] <= 0)
                {
                    continue;
                }

                var candidate = new LayerChoice(spatial, temporal);
                if (lowest.SpatialLayer < 0)
                {
                    lowest = candidate;
                }

                long needed = candidate.IsAbove(Current)
                    ? layerBitrates[index] * (100 + UpgradeHeadroomPercent) / 100
                    : layerBitrates[index];
                if (needed <= availableBitrate)
                {
                    best = candidate;
                }
            }
        }

        Current = best.SpatialLayer >= 0 ? best : lowest;
        return Current;
    }
}
