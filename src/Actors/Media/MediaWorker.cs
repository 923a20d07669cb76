using Sfu.Transport.Net;

namespace Sfu.Actors.Media;

/// <summary>One media worker: its loop (thread, sockets, timers), the dispatcher that runs actors on it, and its load.</summary>
public sealed class MediaWorker(int index, MediaWorkerLoop loop) : IDisposable
{
    private int _routers;

    public int Index { get; } = index;

    public MediaWorkerLoop Loop { get; } = loop;

    public MediaWorkerDispatcher Dispatcher { get; } = new(loop);

    /// <summary>Routers placed on this worker and not yet stopped: the load used for placement.</summary>
    public int RouterCount => Volatile.Read(ref _routers);

    internal void RouterStarted() => Interlocked.Increment(ref _routers);

    internal void RouterStopped() => Interlocked.Decrement(ref _routers);

    public void Dispose() => Loop.Dispose();
}
