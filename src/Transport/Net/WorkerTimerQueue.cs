namespace Sfu.Transport.Net;

/// <summary>
/// The timers of one worker, ordered by due time. Cancelling forgets the id and leaves the entry in the heap,
/// where it is skipped when it comes up: O(log n) to schedule, O(1) to cancel. One owner thread.
/// </summary>
internal sealed class WorkerTimerQueue
{
    private readonly PriorityQueue<Entry, long> heap = new();
    private readonly HashSet<long> live = [];
    private long lastId;

    /// <summary>Timers scheduled and neither run nor cancelled.</summary>
    public int Count => live.Count;

    public WorkerTimerHandle Schedule(long dueMs, IWorkerTimer timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        long id = ++lastId;
        heap.Enqueue(new Entry(id, timer), dueMs);
        live.Add(id);
        return new WorkerTimerHandle(id);
    }

    /// <summary>True when the timer was pending and now will not run.</summary>
    public bool Cancel(WorkerTimerHandle handle) => handle.IsScheduled && live.Remove(handle.Id);

    /// <summary>Due time of the earliest live timer.</summary>
    public bool TryPeekDue(out long dueMs)
    {
        while (heap.TryPeek(out Entry entry, out dueMs))
        {
            if (live.Contains(entry.Id))
            {
                return true;
            }

            heap.Dequeue();
        }

        return false;
    }

    /// <summary>Takes the earliest live timer if it is due at <paramref name="nowMs"/>.</summary>
    public bool TryTakeDue(long nowMs, out IWorkerTimer timer)
    {
        if (TryPeekDue(out long dueMs) && dueMs <= nowMs)
        {
            Entry entry = heap.Dequeue();
            live.Remove(entry.Id);
            timer = entry.Timer;
            return true;
        }

        timer = null!;
        return false;
    }

    public void Clear()
    {
        heap.Clear();
        live.Clear();
    }

    private readonly record struct Entry(long Id, IWorkerTimer Timer);
}
