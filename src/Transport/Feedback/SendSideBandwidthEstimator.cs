using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Send-side bandwidth estimation for one download transport (PROTOCOL.md §7.6, R96), fed by the transport-cc
/// feedback the browser returns about the packets we stamped with transport-wide sequence numbers. Two
/// controllers, as in draft-ietf-rmcat-gcc-02, and the estimate is the smaller of the two, kept within
/// [<see cref="BandwidthEstimatorSettings.MinBitrate"/>, <see cref="BandwidthEstimatorSettings.MaxBitrate"/>]:
/// <list type="bullet">
/// <item><b>Delay-based</b> (§5.5): the <see cref="TrendlineOveruseDetector"/> state drives it. Normal → grow
/// 8 % per second (multiplicative, time-scaled), but to no more than 1.5 × the acknowledged rate + 10 kbps once
/// that is known, so the estimate does not run away from what the path has carried; overusing → 0.85 × the
/// acknowledged rate (or the current estimate), at most once per 300 ms; underusing → hold.</item>
/// <item><b>Loss-based</b> (§6): loss is counted over at least 200 ms and 20 packets of feedback; above 10 %
/// → estimate × (1 − 0.5 × loss); below 2 % → 5 % above the current estimate; in between → hold.</item>
/// </list>
/// Neither grows far past what the sender actually sends, so a transport whose consumers want more runs a probe
/// (<see cref="StartProbe"/>, <see cref="ProbeCluster"/>), whose measured rate lifts both.
/// Times are microseconds supplied by the caller. The sent-packet history is allocated at the first packet sent (an
/// upload transport, which sends no media, never holds one) and settles after a growth or two; after that nothing
/// allocates.
/// </summary>
public sealed class SendSideBandwidthEstimator
{
    private const double DelayIncreasePerSecond = 1.08;
    private const double OveruseBackoff = 0.85;
    private const long MinDecreaseIntervalUs = 300_000;
    private const long LossWindowUs = 200_000;
    private const int LossWindowPackets = 20;
    private const double HighLoss = 0.10;
    private const double LowLoss = 0.02;
    private const double LossIncrease = 1.05;
    private const long ProbeResultTimeoutUs = 1_000_000;

    private readonly BandwidthEstimatorSettings _settings;
    private readonly SentPacketHistory _history = new();
    private readonly TrendlineOveruseDetector _detector = new();
    private readonly BitrateWindow _acknowledged = new();

    private double _delayBasedBitrate;
    private double _lossBasedBitrate;
    private long _lastDelayUpdateUs = long.MinValue;
    private long _lastDecreaseUs = long.MinValue;
    private long _lossWindowStartUs = long.MinValue;
    private int _lossWindowReceived;
    private int _lossWindowLost;
    private int _lastReferenceUnits;
    private long _referenceBaseUs = long.MinValue;
    private ProbeCluster? _probe;

    public SendSideBandwidthEstimator(BandwidthEstimatorSettings? settings = null)
    {
        _settings = settings ?? BandwidthEstimatorSettings.Default;
        _delayBasedBitrate = _settings.StartBitrate;
        _lossBasedBitrate = _settings.StartBitrate;
        AvailableBitrate = Clamp(_settings.StartBitrate);
    }

    /// <summary>The estimate in bits per second: what the transport's consumers may share.</summary>
    public long AvailableBitrate { get; private set; }

    public BandwidthUsage DelayState => _detector.State;

    /// <summary>Loss fraction of the last completed loss window.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>Bits per second the browser acknowledged over the last second.</summary>
    public long GetAcknowledgedBitrate(long nowUs) => _acknowledged.GetBitrate(nowUs / 1000);

    /// <summary>Slots of sent-packet history allocated: 0 until the first packet is sent (see <see cref="SentPacketHistory"/>).</summary>
    public int SentPacketHistoryCapacity => _history.CurrentCapacity;

    /// <summary>The rate the last completed probe found the path to carry, bit/s; 0 if it said nothing or none ran.</summary>
    public long LastProbeBitrate { get; private set; }

    /// <summary>Whether a probe was started and its result is not in yet.</summary>
    public bool IsProbePending => _probe is not null;

    /// <summary>Records a packet put on the wire with a transport-wide sequence number.</summary>
    public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, long sendTimeUs)
    {
        _history.OnPacketSent(transportSequenceNumber, sizeBytes, sendTimeUs);
        _probe?.OnPacketSent();
    }

    /// <summary>
    /// Starts a probe (<see cref="ProbeCluster"/>): the packets stamped from <paramref name="firstSequenceNumber"/> on
    /// until <see cref="EndProbe"/> are its burst. Replaces a probe whose result is still out.
    /// </summary>
    public void StartProbe(ushort firstSequenceNumber) => _probe = new ProbeCluster(firstSequenceNumber);

    /// <summary>Ends the running probe's burst; its result comes with the feedback about it.</summary>
    public void EndProbe(long nowUs) => _probe?.End(nowUs);

    /// <summary>Takes one transport-cc feedback packet from the browser and updates the estimate.</summary>
    public void OnTransportFeedback(in RtcpTransportFeedback feedback, long nowUs)
    {
        long arrivalUs = UnwrapReferenceTime(feedback.ReferenceTime);
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            if (status.IsReceived)
            {
                arrivalUs += status.DeltaMicroseconds;
                if (_history.TryGet(status.SequenceNumber, out long sendTimeUs, out int size, markReceived: true))
                {
                    _lossWindowReceived++;
                    _acknowledged.Add(size, nowUs / 1000);
                    _detector.OnPacket(sendTimeUs, arrivalUs);
                    if (_probe is { } probe && probe.Contains(status.SequenceNumber))
                    {
                        probe.OnReport(received: true, sendTimeUs, arrivalUs, size);
                    }
                }
            }
            else if (_history.TryGet(status.SequenceNumber, out long sendTimeUs, out int size, markReceived: false))
            {
                _lossWindowLost++;
                if (_probe is { } probe && probe.Contains(status.SequenceNumber))
                {
                    probe.OnReport(received: false, sendTimeUs, 0, size);
                }
            }
        }

        UpdateDelayBased(nowUs);
        UpdateLossBased(nowUs);
        CompleteProbe(nowUs);
        AvailableBitrate = Clamp((long)Math.Min(_delayBasedBitrate, _lossBasedBitrate));
    }

    /// <summary>
    /// The 24-bit reference time (64 ms units) wraps every ~12 days; arrival times only need to be consistent
    /// between feedback packets, so successive references are unwrapped against the previous one.
    /// </summary>
    private long UnwrapReferenceTime(int referenceUnits)
    {
        const int Modulo = 1 << 24;
        if (_referenceBaseUs == long.MinValue)
        {
            _referenceBaseUs = 0;
        }
        else
        {
            int step = (referenceUnits - _lastReferenceUnits) & (Modulo - 1);
            if (step >= Modulo / 2)
            {
                step -= Modulo;
            }

            _referenceBaseUs += step * (long)TransportFeedbackChunks.MicrosecondsPerReferenceUnit;
        }

        _lastReferenceUnits = referenceUnits;
        return _referenceBaseUs;
    }

    private void UpdateDelayBased(long nowUs)
    {
        if (_lastDelayUpdateUs == long.MinValue)
        {
            _lastDelayUpdateUs = nowUs;
        }

        long elapsedUs = Math.Clamp(nowUs - _lastDelayUpdateUs, 0, 1_000_000);
        _lastDelayUpdateUs = nowUs;
        long acknowledged = GetAcknowledgedBitrate(nowUs);
        switch (_detector.State)
        {
            case BandwidthUsage.Overusing:
                if (_lastDecreaseUs == long.MinValue || nowUs - _lastDecreaseUs >= MinDecreaseIntervalUs)
                {
                    double basis = acknowledged > 0 ? Math.Min(acknowledged, _delayBasedBitrate) : _delayBasedBitrate;
                    _delayBasedBitrate = OveruseBackoff * basis;
                    _lastDecreaseUs = nowUs;
                }

                break;
            case BandwidthUsage.Normal:
                double grown = _delayBasedBitrate * Math.Pow(DelayIncreasePerSecond, elapsedUs / 1_000_000.0);
                if (acknowledged > 0)
                {
                    grown = Math.Min(grown, Math.Max(_delayBasedBitrate, 1.5 * acknowledged + 10_000));
                }

                _delayBasedBitrate = grown;
                break;
        }

        _delayBasedBitrate = Clamp((long)_delayBasedBitrate);
    }

    /// <summary>
    /// Takes a probe's result once the feedback has covered its burst (or a second after it ended: the rest is not
    /// coming). A probe can only raise the estimate: what it found the path to carry becomes the floor of both
    /// controllers, unless the path is overusing right now.
    /// </summary>
    private void CompleteProbe(long nowUs)
    {
        if (_probe is not { IsEnded: true } probe || (!probe.IsFullyReported && nowUs - probe.EndUs < ProbeResultTimeoutUs))
        {
            return;
        }

        _probe = null;
        LastProbeBitrate = probe.Result();
        if (LastProbeBitrate > 0 && _detector.State != BandwidthUsage.Overusing)
        {
            _delayBasedBitrate = Clamp(Math.Max((long)_delayBasedBitrate, LastProbeBitrate));
            _lossBasedBitrate = Clamp(Math.Max((long)_lossBasedBitrate, LastProbeBitrate));
        }
    }

    private void UpdateLossBased(long nowUs)
    {
        if (_lossWindowStartUs == long.MinValue)
        {
            _lossWindowStartUs = nowUs;
        }

        int total = _lossWindowReceived + _lossWindowLost;
        if (total < LossWindowPackets || nowUs - _lossWindowStartUs < LossWindowUs)
        {
            return;
        }

        double loss = (double)_lossWindowLost / total;
        LastLossFraction = loss;
        double current = Math.Min(_delayBasedBitrate, _lossBasedBitrate);
        if (loss > HighLoss)
        {
            _lossBasedBitrate = current * (1 - 0.5 * loss);
        }
        else if (loss < LowLoss)
        {
            _lossBasedBitrate = current * LossIncrease;
        }

        _lossBasedBitrate = Clamp((long)_lossBasedBitrate);
        _lossWindowReceived = 0;
        _lossWindowLost = 0;
        _lossWindowStartUs = nowUs;
    }

    private long Clamp(long bitrate) => Math.Clamp(bitrate, _settings.MinBitrate, _settings.MaxBitrate);
}
