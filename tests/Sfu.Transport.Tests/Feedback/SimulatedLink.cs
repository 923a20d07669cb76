using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>
/// A deterministic path for bandwidth estimation tests: the sender paces 1 200-byte packets at the current
/// estimate, a bottleneck of <see cref="CapacityBps"/> queues them (so sending above it makes the delay grow),
/// every <see cref="LossEvery"/>-th packet is dropped, and the receiver side is our own
/// <see cref="TransportCcReceiver"/>, whose feedback goes back into the estimator every 100 ms.
/// </summary>
internal sealed class SimulatedLink
{
    private const int PacketBytes = 1200;
    private const long PropagationUs = 20_000;
    private const long StepUs = 100_000;

    private readonly SendSideBandwidthEstimator _estimator;
    private readonly TransportCcReceiver _receiver = new();
    private readonly byte[] _feedback = new byte[1500];
    private long _nowUs = 1_000_000;
    private long _lastArrivalUs;
    private ushort _sequenceNumber = 65_000;
    private long _packetIndex;

    public SimulatedLink(SendSideBandwidthEstimator estimator) => _estimator = estimator;

    public long CapacityBps { get; set; } = 100_000_000;

    /// <summary>0 for no loss; 5 drops one packet in five (20 %).</summary>
    public int LossEvery { get; set; }

    public long HighestEstimate { get; private set; }

    /// <summary>The path's clock, µs.</summary>
    public long NowUs => _nowUs;

    /// <summary>Runs the path for a while and returns the estimate at the end.</summary>
    public long Run(TimeSpan duration)
    {
        long end = _nowUs + (long)duration.TotalMicroseconds;
        while (_nowUs < end)
        {
            Step();
        }

        return _estimator.AvailableBitrate;
    }

    /// <summary>
    /// What the application has to send, bit/s: the sender paces at the estimate or at this, whichever is lower (a
    /// call whose streams need less than the path carries). Null: it always has enough.
    /// </summary>
    public long? ApplicationLimitBps { get; set; }

    /// <summary>
    /// One bandwidth probe (<see cref="ProbeCluster"/>): a burst at <paramref name="targetBps"/> lasting
    /// <paramref name="burst"/>, then the feedback about it, within one 100 ms step.
    /// </summary>
    public void Probe(long targetBps, TimeSpan burst)
    {
        long burstUs = (long)burst.TotalMicroseconds;
        int packets = (int)Math.Max(2, targetBps * burstUs / 1_000_000 / (PacketBytes * 8));
        _estimator.StartProbe(_sequenceNumber);
        SendPackets(packets, burstUs / packets);
        _estimator.EndProbe(_nowUs + burstUs);
        FinishStep();
    }

    private void Step()
    {
        long bitrate = Math.Min(_estimator.AvailableBitrate, ApplicationLimitBps ?? long.MaxValue);
        int packets = (int)Math.Max(1, bitrate * StepUs / 1_000_000 / (PacketBytes * 8));
        SendPackets(packets, StepUs / packets);
        FinishStep();
    }

    private void SendPackets(int packets, long spacingUs)
    {
        long transmissionUs = PacketBytes * 8L * 1_000_000 / CapacityBps;
        for (int i = 0; i < packets; i++)
        {
            long sendUs = _nowUs + i * spacingUs;
            ushort sequence = _sequenceNumber++;
            _estimator.OnPacketSent(sequence, PacketBytes, sendUs);
            _packetIndex++;
            if (LossEvery > 0 && _packetIndex % LossEvery == 0)
            {
                continue;
            }

            long arrivalUs = Math.Max(sendUs + PropagationUs, _lastArrivalUs + transmissionUs);
            _lastArrivalUs = arrivalUs;
            _receiver.OnPacket(sequence, arrivalUs);
        }
    }

    private void FinishStep()
    {
        _nowUs += StepUs;
        while (_receiver.PendingCount > 0)
        {
            if (!_receiver.TryWriteFeedback(_feedback, 0, _nowUs, out int length)
                || !RtcpTransportFeedback.TryParse(_feedback.AsSpan(0, length), out RtcpTransportFeedback feedback))
            {
                throw new InvalidOperationException("The simulated receiver could not write feedback.");
            }

            _estimator.OnTransportFeedback(feedback, _nowUs);
        }

        HighestEstimate = Math.Max(HighestEstimate, _estimator.AvailableBitrate);
    }
}
