using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime;

/// <summary>
/// One thread of its own drains the mailboxes given to it, in order. Actors placed on it share that thread,
/// so they may share state without locks (the media workers' rule: one owner thread per piece of state).
/// Dispose it after stopping its actors. Work scheduled after Dispose runs on the thread pool instead, so
/// that actors left behind can still stop (by then the thread whose ownership they relied on is gone).
/// </summary>
public sealed class DedicatedThreadDispatcher : IDispatcher, IDisposable
{
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _work = new();
    private readonly SemaphoreSlim _workAvailable = new(0);
    private readonly Thread _thread;
    private volatile bool _disposed;

    public DedicatedThreadDispatcher(string threadName)
    {
        ArgumentException.ThrowIfNullOrEmpty(threadName);
        ThreadName = threadName;
        _thread = new Thread(DrainUntilDisposed) { Name = threadName, IsBackground = true };
        _thread.Start();
    }

    public string ThreadName { get; }

    /// <summary>True when called from this dispatcher's thread (for owner-thread assertions).</summary>
    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    public void Schedule(IThreadPoolWorkItem work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_disposed)
        {
            ThreadPoolDispatcher.Instance.Schedule(work);
            return;
        }

        _work.Enqueue(work);
        _workAvailable.Release();
        if (_disposed)
        {
            // Disposed meanwhile: the thread may have left already; make sure nothing is stranded.
            MoveQueuedWorkToThreadPool();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _workAvailable.Release();
        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    private void MoveQueuedWorkToThreadPool()
    {
        while (_work.TryDequeue(out var item))
        {
            ThreadPoolDispatcher.Instance.Schedule(item);
        }
    }

    private void DrainUntilDisposed()
    {
        while (true)
        {
            _workAvailable.Wait();
            if (_work.TryDequeue(out var item))
            {
                RunGuarded(item);
            }
            else if (_disposed)
            {
                return;
            }
        }
    }

    private static void RunGuarded(IThreadPoolWorkItem item)
    {
        try
        {
            item.Execute();
        }
        catch (Exception)
        {
            // Mailboxes never throw; a foreign work item that does must not kill the thread its neighbours share.
        }
    }
}
