using Sfu.Transport.Net;

namespace Sfu.Actors.Media;

/// <summary>One media worker: its loop (thread, sockets, timers), the dispatcher that runs actors on it, and its load.</summary>
public sealed class MediaWorker(int index, MediaWorkerLoop loop) : IDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private int _routers;

    public int Index { get; } = index;

    public MediaWorkerLoop Loop { get; } = loop;

    public MediaWorkerDispatcher Dispatcher { get; } = new(loop);

    /// <summary>Routers placed on this worker and not yet stopped: the load used for placement.</summary>
    public int RouterCount => Volatile.Read(ref _routers);

    /// <summary>
    /// Cancelled when the worker's thread died and the pool gave up on it: the routers placed here lost their media
    /// and must be replaced.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    internal void RouterStarted() => Interlocked.Increment(ref _routers);

    internal void RouterStopped() => Interlocked.Decrement(ref _routers);

    internal void MarkLost() => _lost.Cancel();

    public void Dispose()
    {
        Loop.Dispose();
        _lost.Dispose();
    }
}
