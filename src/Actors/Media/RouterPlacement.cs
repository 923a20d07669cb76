namespace Sfu.Actors.Media;

/// <summary>
/// Where one channel's router runs, and its share of that worker's load. Placing a router counts it at once, so that
/// channels created back to back spread out; after that every incarnation of the router counts itself from start to
/// stop: the first one takes over the count made at placement, a restarted one (its props reused) counts again. So
/// the worker's load is the number of routers running on it, however often they restart.
/// </summary>
public sealed class RouterPlacement
{
    private int _reserved = 1;

    internal RouterPlacement(MediaWorker worker)
    {
        Worker = worker;
    }

    public MediaWorker Worker { get; }

    /// <summary>An incarnation of the router started (PreStart, also after a restart).</summary>
    internal void OnRouterStarted()
    {
        if (Interlocked.Exchange(ref _reserved, 0) == 0)
        {
            Worker.RouterStarted();
        }
    }

    /// <summary>An incarnation stopped (PostStop, also before a restart).</summary>
    internal void OnRouterStopped() => Worker.RouterStopped();
}
