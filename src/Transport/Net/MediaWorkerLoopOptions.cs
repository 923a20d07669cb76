namespace Sfu.Transport.Net;

/// <summary>How a <see cref="MediaWorkerLoop"/> runs: its clock, its name, where its errors go, its batch sizes.</summary>
public sealed record MediaWorkerLoopOptions
{
    /// <summary>Thread name, for debuggers and logs.</summary>
    public string Name { get; init; } = "media-worker";

    /// <summary>The clock of <see cref="MediaWorkerLoop.NowMs"/> and of the timers; tests pass one they can advance.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Receives what a posted item, a timer or a packet receiver threw; the loop goes on (a fatal exception ends it
    /// instead: <see cref="OnFailed"/>). Called on the loop thread; its own exceptions are swallowed.
    /// </summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>
    /// Receives the exception that ended the loop's thread (a fatal one, or a fault of the loop itself), once, on that
    /// thread, after every socket closed: the worker is gone and should be replaced.
    /// </summary>
    public Action<Exception>? OnFailed { get; init; }

    /// <summary>
    /// Receives the posted items the loop will never run because it stopped (disposed or failed): those still queued
    /// and those posted later. <see cref="MediaWorkerLoop.InvokeAsync{T}"/> items are cancelled instead. Null drops them.
    /// </summary>
    public Action<IThreadPoolWorkItem>? OrphanedItems { get; init; }

    /// <summary>Loses packets on the send path (tests of lossy networks); null sends everything.</summary>
    public IPacketSendFilter? SendFilter { get; init; }

    /// <summary>Datagrams read from one UDP socket before the loop looks at its other work.</summary>
    public int UdpReceiveBatch { get; init; } = 64;

    /// <summary>
    /// Datagrams one recvmmsg reads from a UDP socket (Linux), into slots the loop owns (about 64 KiB of address
    /// space each, touched only as far as datagrams fill them). 1 reads each datagram with its own recvfrom.
    /// </summary>
    public int UdpReceiveSlots { get; init; } = 16;

    /// <summary>
    /// Datagrams a UDP socket queues during one step of the loop and hands to the kernel in one sendmmsg (Linux); a
    /// full batch goes at once. 1 sends each datagram with its own sendto.
    /// </summary>
    public int UdpSendBatch { get; init; } = 32;

    /// <summary>Posted items run before the loop goes back to the sockets (the rest wait one turn).</summary>
    public int PostedItemBatch { get; init; } = 256;

    /// <summary>
    /// Most bytes of chunks given back by the worker's retransmission rings (<see cref="MediaWorkerLoop.Chunks"/>)
    /// kept for the next ring to grow: what a few camera uploads keep, enough to even out the ups and downs of key
    /// frames and layer switches; a larger surplus is left to the garbage collector.
    /// </summary>
    public long PooledChunkBytes { get; init; } = 1024 * 1024;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Time, nameof(Time));
        ArgumentOutOfRangeException.ThrowIfNegative(PooledChunkBytes);
        if (UdpReceiveBatch < 1 || UdpReceiveSlots < 1 || UdpSendBatch < 1 || PostedItemBatch < 1)
        {
            throw new ArgumentException("Batch sizes must be at least 1.");
        }
    }
}
