namespace Sfu.Transport.Forwarding;

/// <summary>
/// The highest value seen lately: each observation raises it, and between observations it fades with a fixed
/// half-life. Layer selection plans with the decaying peak of a layer's bitrate so that a sender's momentary stall
/// (a near-empty rate window) does not make the layer look cheap, while a lasting drop is believed within seconds.
/// </summary>
public sealed class DecayingPeak(int halfLifeMs)
{
    private long _peak;
    private long _observedAtMs = long.MinValue;

    /// <summary>Fades the peak to <paramref name="nowMs"/>, raises it to <paramref name="value"/> if that is higher, returns it.</summary>
    public long Observe(long value, long nowMs)
    {
        if (_observedAtMs != long.MinValue && nowMs > _observedAtMs)
        {
            _peak = (long)(_peak * Math.Pow(0.5, (nowMs - _observedAtMs) / (double)halfLifeMs));
        }

        _observedAtMs = Math.Max(_observedAtMs, nowMs);
        _peak = Math.Max(_peak, value);
        return _peak;
    }
}
