namespace Sfu.Actors.Runtime;

/// <summary>
/// The restarts one child has had, as its supervisor counts them. Within a window it keeps the timestamps
/// of the restarts that are still inside it (at most the limit), so the window truly slides.
/// </summary>
internal sealed class RestartHistory
{
    private Queue<long>? _recentRestarts;
    private long _lifetimeRestarts;

    /// <summary>Records one more restart if the limit allows it; returns false when the limit is reached.</summary>
    public bool TryRecordRestart(int maxNrOfRetries, TimeSpan window, TimeProvider timeProvider)
    {
        if (maxNrOfRetries < 0)
        {
            return true;
        }

        if (window <= TimeSpan.Zero)
        {
            // No window (zero or infinite): the limit applies to the child's whole life.
            if (_lifetimeRestarts >= maxNrOfRetries)
            {
                return false;
            }

            _lifetimeRestarts++;
            return true;
        }

        var now = timeProvider.GetTimestamp();
        var recent = _recentRestarts ??= new Queue<long>();

        // A restart exactly one window ago still counts (Akka's window is inclusive).
        while (recent.Count > 0 && timeProvider.GetElapsedTime(recent.Peek(), now) > window)
        {
            recent.Dequeue();
        }

        if (recent.Count >= maxNrOfRetries)
        {
            return false;
        }

        recent.Enqueue(now);
        return true;
    }
}
