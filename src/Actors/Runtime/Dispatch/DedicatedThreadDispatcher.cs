using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime;

/// <summary>
/// One thread of its own drains the mailboxes given to it, in order. Actors placed on it share that thread,
/// so they may share state without locks (the media workers' rule: one owner thread per piece of state).
/// Dispose it after stopping its actors; work scheduled after Dispose is dropped.
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
            return;
        }

        _work.Enqueue(work);
        _workAvailable.Release();
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
            _workAvailable.Dispose();
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
