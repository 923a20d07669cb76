using System.Buffers.Binary;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>
/// Records what a transport reports on its worker thread, and lets the test await a state or a packet count
/// (with a generous guard against hangs, never to measure time).
/// </summary>
internal sealed class RecordingHandler : IWebRtcTransportHandler
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly object gate = new();
    private readonly List<WebRtcTransportState> states = [];
    private readonly List<(Func<WebRtcTransportState, bool> Match, TaskCompletionSource Done)> stateWaiters = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> countWaiters = [];
    private readonly HashSet<ushort> rtpSequenceNumbers = [];
    private int rtpPackets;
    private int rtcpPackets;
    private int corruptPackets;
    private int wrongThreadCalls;

    public Func<bool>? IsOwnerThread { get; set; }

    public int RtpPackets => Volatile.Read(ref rtpPackets);

    public int RtcpPackets => Volatile.Read(ref rtcpPackets);

    /// <summary>Delivered packets whose payload is not what <see cref="MediaPackets"/> wrote.</summary>
    public int CorruptPackets => Volatile.Read(ref corruptPackets);

    public int WrongThreadCalls => Volatile.Read(ref wrongThreadCalls);

    public int DistinctRtpSequenceNumbers
    {
        get
        {
            lock (gate)
            {
                return rtpSequenceNumbers.Count;
            }
        }
    }

    public IReadOnlyList<WebRtcTransportState> States
    {
        get
        {
            lock (gate)
            {
                return [.. states];
            }
        }
    }

    public void OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current)
    {
        CheckThread();
        lock (gate)
        {
            states.Add(current);
            foreach (var waiter in stateWaiters.Where(w => w.Match(current)).ToList())
            {
                waiter.Done.TrySetResult();
                stateWaiters.Remove(waiter);
            }
        }
    }

    public void OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        CheckThread();
        if (!MediaPackets.HasExpectedRtpPayload(packet))
        {
            Interlocked.Increment(ref corruptPackets);
        }

        lock (gate)
        {
            rtpSequenceNumbers.Add(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
            rtpPackets++;
            ReleaseCountWaiters();
        }
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        CheckThread();
        lock (gate)
        {
            rtcpPackets++;
            ReleaseCountWaiters();
        }
    }

    public Task WaitForStateAsync(WebRtcTransportState state) => WaitForStateAsync(s => s == state);

    public Task WaitForStateAsync(Func<WebRtcTransportState, bool> match)
    {
        lock (gate)
        {
            if (states.Any(match))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            stateWaiters.Add((match, done));
            return done.Task.WaitAsync(Guard);
        }
    }

    public Task WaitForRtpAsync(int count) => WaitForAsync(() => rtpPackets >= count);

    public Task WaitForRtcpAsync(int count) => WaitForAsync(() => rtcpPackets >= count);

    private Task WaitForAsync(Func<bool> condition)
    {
        lock (gate)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            countWaiters.Add((condition, done));
            return done.Task.WaitAsync(Guard);
        }
    }

    private void ReleaseCountWaiters()
    {
        for (int i = countWaiters.Count - 1; i >= 0; i--)
        {
            if (countWaiters[i].Condition())
            {
                countWaiters[i].Done.TrySetResult();
                countWaiters.RemoveAt(i);
            }
        }
    }

    private void CheckThread()
    {
        if (IsOwnerThread is { } isOwner && !isOwner())
        {
            Interlocked.Increment(ref wrongThreadCalls);
        }
    }
}
