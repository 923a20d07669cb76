namespace Sfu.Transport.Forwarding;

/// <summary>A spatial layer (encoding index) and the highest temporal layer forwarded with it.</summary>
public readonly record struct LayerChoice(int SpatialLayer, int TemporalLayer)
{
    public bool IsAbove(LayerChoice other) =>
        SpatialLayer > other.SpatialLayer || (SpatialLayer == other.SpatialLayer && TemporalLayer > other.TemporalLayer);
}
