using Sfu.Transport.Feedback;
using Sfu.Transport.Net;

namespace Sfu.Transport.Media;

/// <summary>
/// Finds out whether a download path carries more than the transport sends now. The estimate only grows near the
/// rate the browser acknowledges (<see cref="SendSideBandwidthEstimator"/>), and consumers only move up a simulcast
/// layer once the estimate has room for it, so without probing a receiver on a fast path would stay on the layer
/// its first estimate allowed for the whole call. When the layers its consumers could take need more than the
/// estimate, the transport sends a short burst (<see cref="BurstMs"/>) at a higher rate, made of its media plus
/// RTX copies of its newest video packets (<see cref="Consumer.SendProbe"/>); the transport-cc feedback about the
/// burst says what the path carried (<see cref="ProbeCluster"/>), which becomes the estimate's floor. The target is
/// at most twice the estimate, so a constrained path is approached in steps rather than flooded; a probe that falls
/// short of its target is not repeated for <see cref="RetryAfterShortfallMs"/>. Worker thread only.
/// </summary>
internal sealed class BandwidthProber : IWorkerTimer
{
    /// <summary>How long a burst lasts: long enough for a rate to show through millisecond send times.</summary>
    public const int BurstMs = 60;

    /// <summary>A burst is paced in steps this long.</summary>
    public const int StepMs = 5;

    /// <summary>Most probe packets per step, whatever the target (a bound on a step's work).</summary>
    public const int MaxPacketsPerStep = 16;

    /// <summary>The next probe after one that reached its target, if consumers still want more.</summary>
    public const int RetryAfterSuccessMs = 1_000;

    /// <summary>The next probe after one that fell short: the path is near its limit, do not keep pushing it.</summary>
    public const int RetryAfterShortfallMs = 5_000;

    /// <summary>A probe aims this much above what the consumers want, so that its result leaves room for the upgrade.</summary>
    public const double TargetMargin = 1.25;

    /// <summary>A result this close to the target counts as reaching it.</summary>
    public const double ReachedShare = 0.9;

    private readonly MediaTransport _transport;
    private readonly SendSideBandwidthEstimator _estimator;
    private WorkerTimerHandle _timer;
    private long _burstStartMs;
    private long _burstBytes;
    private long _lastBurstEndMs = long.MinValue / 2;
    private int _nextConsumer;
    private bool _stopped;

    public BandwidthProber(MediaTransport transport, SendSideBandwidthEstimator estimator)
    {
        _transport = transport;
        _estimator = estimator;
    }

    /// <summary>Whether a burst is being sent now.</summary>
    public bool IsBursting { get; private set; }

    /// <summary>The rate the current or last burst aims at, bit/s.</summary>
    public long TargetBitrate { get; private set; }

    /// <summary>
    /// Starts a burst if the consumers want more than the estimate (<paramref name="wantedBitrate"/>, with the
    /// headroom a layer upgrade needs), the cap allows more, no result is still out and the last burst is long enough ago.
    /// </summary>
    public void MaybeStart(long wantedBitrate, long nowMs)
    {
        long available = _transport.AvailableBitrate;
        long cap = _transport.MaxOutgoingBitrate;
        if (_stopped || IsBursting || _estimator.IsProbePending || wantedBitrate <= available || available >= cap)
        {
            return;
        }

        bool lastReached = TargetBitrate == 0 || _estimator.LastProbeBitrate >= ReachedShare * TargetBitrate;
        if (nowMs - _lastBurstEndMs < (lastReached ? RetryAfterSuccessMs : RetryAfterShortfallMs))
        {
            return;
        }

        TargetBitrate = Math.Min(cap, Math.Min(2 * available, (long)(TargetMargin * wantedBitrate)));
        IsBursting = true;
        _burstStartMs = nowMs;
        _burstBytes = 0;
        _estimator.StartProbe(_transport.PeekTransportSequenceNumber());
        Step(nowMs);
    }

    /// <summary>Counts a packet stamped with a transport-wide number during a burst (media or probe).</summary>
    public void OnPacketStamped(int length)
    {
        if (IsBursting)
        {
            _burstBytes += length;
        }
    }

    public void Stop()
    {
        _stopped = true;
        _transport.Router.Loop.CancelTimer(_timer);
        IsBursting = false;
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        _timer = default;
        if (!_stopped)
        {
            Step(nowMs);
        }
    }

    private void Step(long nowMs)
    {
        long elapsedMs = nowMs - _burstStartMs;
        if (elapsedMs >= BurstMs)
        {
            IsBursting = false;
            _lastBurstEndMs = nowMs;
            _estimator.EndProbe(nowMs * 1000);
            return;
        }

        // Bytes due by the end of this step, the media already sent in the burst included.
        long dueBytes = TargetBitrate * Math.Min(elapsedMs + StepMs, BurstMs) / 8000;
        IReadOnlyList<Consumer> consumers = _transport.Consumers;
        Span<byte> scratch = _transport.Router.RtpScratch;
        int sent = 0;
        int idle = 0;
        while (_burstBytes < dueBytes && sent < MaxPacketsPerStep && idle < consumers.Count)
        {
            _nextConsumer = (_nextConsumer + 1) % consumers.Count;
            Consumer consumer = consumers[_nextConsumer];
            if (consumer.IsVideo && consumer.SendProbe(scratch, nowMs) > 0)
            {
                sent++;
                idle = 0;
            }
            else
            {
                idle++;
            }
        }

        _timer = _transport.Router.Loop.ScheduleTimer(nowMs + StepMs, this);
    }
}
