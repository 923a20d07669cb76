using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime;

/// <summary>
/// Queues mailbox runs until an owner loop drains them with <see cref="RunPending"/> on its own thread,
/// e.g. a media worker between two packets. The optional callback lets that loop wake up when work arrives
/// (it runs on the scheduling thread and must be cheap and non-blocking).
/// </summary>
public sealed class ManualDispatcher : IDispatcher
{
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _pending = new();
    private readonly Action? _onWorkScheduled;

    public ManualDispatcher()
    {
    }

    public ManualDispatcher(Action onWorkScheduled)
    {
        ArgumentNullException.ThrowIfNull(onWorkScheduled);
        _onWorkScheduled = onWorkScheduled;
    }

    public bool HasPending => !_pending.IsEmpty;

    public void Schedule(IThreadPoolWorkItem work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _pending.Enqueue(work);
        _onWorkScheduled?.Invoke();
    }

    /// <summary>
    /// Runs queued mailbox runs on the calling thread until none is left or <paramref name="max"/> have run,
    /// including runs scheduled meanwhile; returns how many ran. Each run handles at most the system's
    /// throughput of user messages, so <paramref name="max"/> bounds the time spent here.
    /// </summary>
    public int RunPending(int max = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var ran = 0;
        while (ran < max && _pending.TryDequeue(out var item))
        {
            ran++;
            try
            {
                item.Execute();
            }
            catch (Exception)
            {
                // Mailboxes never throw; a foreign work item that does must not break the owner loop.
            }
        }

        return ran;
    }
}
