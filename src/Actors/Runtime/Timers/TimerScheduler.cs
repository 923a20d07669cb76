namespace Sfu.Actors.Runtime;

/// <summary>
/// Timers of one actor on the system's <see cref="TimeProvider"/> (so virtual time drives them in tests).
/// The table is touched only on the actor's thread; the timer callbacks only enqueue.
/// </summary>
internal sealed class TimerScheduler(ActorCell owner) : ITimerScheduler
{
    private static readonly TimerCallback OnTick = static state => Deliver((TimerMessage)state!);

    private readonly Dictionary<object, ActiveTimer> _timers = [];

    public void StartSingleTimer(object key, object msg, TimeSpan timeout) =>
        Start(key, msg, timeout, Timeout.InfiniteTimeSpan, isSingle: true);

    public void StartPeriodicTimer(object key, object msg, TimeSpan interval) =>
        StartPeriodicTimer(key, msg, interval, interval);

    public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, msg, initialDelay, interval, isSingle: false);
    }

    public bool IsTimerActive(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.ContainsKey(key);
    }

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var timer))
        {
            timer.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>
    /// Called by the cell when a tick comes out of the mailbox: true if its timer is still the registered one.
    /// A single timer is forgotten as it is delivered.
    /// </summary>
    internal bool TryAcceptForDelivery(TimerMessage tick)
    {
        if (!_timers.TryGetValue(tick.Key, out var timer) || !ReferenceEquals(timer.Message, tick))
        {
            return false;
        }

        if (tick.IsSingle)
        {
            _timers.Remove(tick.Key);
            timer.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object msg, TimeSpan dueTime, TimeSpan period, bool isSingle)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(msg);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        Cancel(key);
        var tick = new TimerMessage(key, msg, isSingle, owner);

        // Even a tick that fires inside CreateTimer (zero due time) is only checked against the table later,
        // on this actor's thread, by which time the entry is there.
        var timer = owner.System.TimeProvider.CreateTimer(OnTick, tick, dueTime, period);
        _timers[key] = new ActiveTimer(tick, timer);
    }

    private static void Deliver(TimerMessage tick)
    {
        var cell = tick.Owner;
        if (!cell.IsTerminated)
        {
            cell.Mailbox.PostUser(new Envelope(tick, ActorRefs.NoSender));
        }
    }

    private sealed record ActiveTimer(TimerMessage Message, ITimer Timer);
}
