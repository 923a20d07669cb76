namespace Sfu.Transport.Feedback;

/// <summary>
/// The delay-based half of send-side congestion control, after draft-ietf-rmcat-gcc-02 §5 with the trendline
/// filter libwebrtc uses instead of the draft's Kalman filter:
/// <list type="number">
/// <item>packets sent within 5 ms of each other form a group (§5.2); between consecutive groups the one-way
/// delay variation is d = (arrival difference) − (send difference);</item>
/// <item>d is accumulated and smoothed (α = 0.9), and the slope of the smoothed delay against arrival time over
/// the last 20 groups is found by least squares: a positive slope means queues are building;</item>
/// <item>the slope, scaled by min(groups, 60) × 4, is compared with an adaptive threshold γ (§5.4; starts at
/// 12.5, moves towards |m| at 0.039/ms when below it and 0.0087/ms when above, kept in 6..600): above for more
/// than 10 ms and two groups while still rising → overusing; below −γ → underusing; otherwise normal.</item>
/// </list>
/// Times are microseconds in, milliseconds inside. No allocation after construction.
/// </summary>
public sealed class TrendlineOveruseDetector
{
    private const long GroupSpanUs = 5_000;
    private const int WindowSize = 20;
    private const double Smoothing = 0.9;
    private const double ThresholdGain = 4;
    private const int MaxDeltaCount = 60;
    private const double InitialThreshold = 12.5;
    private const double OverusingTimeThresholdMs = 10;

    private readonly double[] _windowArrivalMs = new double[WindowSize];
    private readonly double[] _windowDelayMs = new double[WindowSize];
    private int _windowCount;
    private int _windowNext;

    private bool _hasGroup;
    private long _groupFirstSendUs;
    private long _groupLastSendUs;
    private long _groupLastArrivalUs;
    private bool _hasPreviousGroup;
    private long _previousGroupSendUs;
    private long _previousGroupArrivalUs;

    private long _firstArrivalUs = long.MinValue;
    private double _accumulatedDelayMs;
    private double _smoothedDelayMs;
    private int _deltaCount;
    private double _previousTrend;
    private double _threshold = InitialThreshold;
    private long _lastThresholdUpdateMs = long.MinValue;
    private double _timeOverusingMs = -1;
    private int _overuseCount;

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    /// <summary>The last slope of the trendline (ms of delay per ms).</summary>
    public double Trend => _previousTrend;

    public double Threshold => _threshold;

    /// <summary>One received packet, in send order: when it was sent and when the receiver got it.</summary>
    public void OnPacket(long sendTimeUs, long arrivalTimeUs)
    {
        if (!_hasGroup)
        {
            StartGroup(sendTimeUs, arrivalTimeUs);
            return;
        }

        if (sendTimeUs < _groupFirstSendUs)
        {
            // Sent before the current group (reordered in the feedback): no gradient to learn from it.
            return;
        }

        if (sendTimeUs - _groupFirstSendUs <= GroupSpanUs)
        {
            _groupLastSendUs = Math.Max(_groupLastSendUs, sendTimeUs);
            _groupLastArrivalUs = Math.Max(_groupLastArrivalUs, arrivalTimeUs);
            return;
        }

        // The current group is complete: compare it with the previous one.
        if (_hasPreviousGroup)
        {
            double sendDeltaMs = (_groupLastSendUs - _previousGroupSendUs) / 1000.0;
            double arrivalDeltaMs = (_groupLastArrivalUs - _previousGroupArrivalUs) / 1000.0;
            UpdateTrend(arrivalDeltaMs - sendDeltaMs, sendDeltaMs, _groupLastArrivalUs);
        }

        _hasPreviousGroup = true;
        _previousGroupSendUs = _groupLastSendUs;
        _previousGroupArrivalUs = _groupLastArrivalUs;
        StartGroup(sendTimeUs, arrivalTimeUs);
    }

    private void StartGroup(long sendTimeUs, long arrivalTimeUs)
    {
        _hasGroup = true;
        _groupFirstSendUs = sendTimeUs;
        _groupLastSendUs = sendTimeUs;
        _groupLastArrivalUs = arrivalTimeUs;
    }

    private void UpdateTrend(double delayVariationMs, double sendDeltaMs, long arrivalUs)
    {
        if (_firstArrivalUs == long.MinValue)
        {
            _firstArrivalUs = arrivalUs;
        }

        _deltaCount = Math.Min(_deltaCount + 1, MaxDeltaCount);
        _accumulatedDelayMs += delayVariationMs;
        _smoothedDelayMs = Smoothing * _smoothedDelayMs + (1 - Smoothing) * _accumulatedDelayMs;

        _windowArrivalMs[_windowNext] = (arrivalUs - _firstArrivalUs) / 1000.0;
        _windowDelayMs[_windowNext] = _smoothedDelayMs;
        _windowNext = (_windowNext + 1) % WindowSize;
        _windowCount = Math.Min(_windowCount + 1, WindowSize);

        double trend = _previousTrend;
        if (_windowCount == WindowSize && TryFitSlope(out double slope))
        {
            trend = slope;
        }

        Detect(trend, sendDeltaMs, arrivalUs / 1000);
        _previousTrend = trend;
    }

    private bool TryFitSlope(out double slope)
    {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            meanX += _windowArrivalMs[i];
            meanY += _windowDelayMs[i];
        }

        meanX /= WindowSize;
        meanY /= WindowSize;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double dx = _windowArrivalMs[i] - meanX;
            numerator += dx * (_windowDelayMs[i] - meanY);
            denominator += dx * dx;
        }

        slope = denominator == 0 ? 0 : numerator / denominator;
        return denominator != 0;
    }

    private void Detect(double trend, double sendDeltaMs, long nowMs)
    {
        double modifiedTrend = Math.Min(_deltaCount, MaxDeltaCount) * trend * ThresholdGain;
        if (modifiedTrend > _threshold)
        {
            _timeOverusingMs = _timeOverusingMs < 0 ? sendDeltaMs / 2 : _timeOverusingMs + sendDeltaMs;
            _overuseCount++;
            if (_timeOverusingMs > OverusingTimeThresholdMs && _overuseCount > 1 && trend >= _previousTrend)
            {
                _timeOverusingMs = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modifiedTrend < -_threshold)
        {
            _timeOverusingMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverusingMs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        AdaptThreshold(modifiedTrend, nowMs);
    }

    /// <summary>GCC §5.4: γ follows |m| slowly, so a path with steady jitter does not look congested forever.</summary>
    private void AdaptThreshold(double modifiedTrend, long nowMs)
    {
        if (_lastThresholdUpdateMs == long.MinValue)
        {
            _lastThresholdUpdateMs = nowMs;
        }

        double magnitude = Math.Abs(modifiedTrend);
        if (magnitude > _threshold + 15)
        {
            // A spike (e.g. a route change) must not drag the threshold up.
            _lastThresholdUpdateMs = nowMs;
            return;
        }

        double gain = magnitude < _threshold ? 0.039 : 0.0087;
        long elapsedMs = Math.Min(nowMs - _lastThresholdUpdateMs, 100);
        _threshold = Math.Clamp(_threshold + gain * (magnitude - _threshold) * elapsedMs, 6, 600);
        _lastThresholdUpdateMs = nowMs;
    }
}
