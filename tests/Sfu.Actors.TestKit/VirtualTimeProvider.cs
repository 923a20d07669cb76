namespace Sfu.Actors.TestKit;

/// <summary>
/// A clock that moves only when told. Timers created from it fire synchronously inside <see cref="Advance"/>
/// (or inside <see cref="ITimer.Change"/> for a zero due time), in due-time order, periodic ones once per
/// period crossed; while a timer fires, <see cref="GetUtcNow"/> and <see cref="GetTimestamp"/> read its due
/// time. Both clocks move together: a timestamp tick is a <see cref="TimeSpan"/> tick.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    /// <summary>The start when none is given: a fixed instant, so that runs are reproducible.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();

    // Held for a whole Advance: advances are serialised, and a timer callback may advance again (reentrant).
    private readonly object _advancing = new();
    private readonly List<VirtualTimer> _scheduled = [];
    private DateTimeOffset _utcNow;
    private long _elapsedTicks;
    private long _lastSequence;

    public VirtualTimeProvider(DateTimeOffset? start = null)
    {
        _utcNow = start ?? DefaultStart;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _elapsedTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_advancing)
        {
            long target;
            lock (_gate)
            {
                target = _elapsedTicks + by.Ticks;
            }

            FireDueTimersUntil(target);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>; the clock never goes back.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_advancing)
        {
            TimeSpan by;
            lock (_gate)
            {
                by = value - _utcNow;
            }

            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Virtual time cannot go back.");
            }

            Advance(by);
        }
    }

    private void FireDueTimersUntil(long targetTicks)
    {
        while (true)
        {
            VirtualTimer? next;
            lock (_gate)
            {
                next = EarliestDueBy(targetTicks);
                MoveClockTo(next?.DueTicks ?? targetTicks);
                if (next is null)
                {
                    return;
                }

                if (next.PeriodTicks > 0)
                {
                    next.DueTicks += next.PeriodTicks;
                    next.Sequence = ++_lastSequence;
                }
                else
                {
                    _scheduled.Remove(next);
                }
            }

            // Outside the lock: the callback may create, change or dispose timers, or read the clock.
            next.Fire();
        }
    }

    private VirtualTimer? EarliestDueBy(long targetTicks)
    {
        VirtualTimer? earliest = null;
        foreach (var timer in _scheduled)
        {
            if (timer.DueTicks <= targetTicks &&
                (earliest is null || timer.DueTicks < earliest.DueTicks ||
                 (timer.DueTicks == earliest.DueTicks && timer.Sequence < earliest.Sequence)))
            {
                earliest = timer;
            }
        }

        return earliest;
    }

    private void MoveClockTo(long ticks)
    {
        if (ticks > _elapsedTicks)
        {
            _utcNow += TimeSpan.FromTicks(ticks - _elapsedTicks);
            _elapsedTicks = ticks;
        }
    }

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or infinite.");
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _disposed;

        public long DueTicks { get; set; }

        public long PeriodTicks { get; private set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidatePeriod(dueTime, nameof(dueTime));
            ValidatePeriod(period, nameof(period));
            bool fireNow;
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                owner._scheduled.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueTicks = owner._elapsedTicks + dueTime.Ticks;
                PeriodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                Sequence = ++owner._lastSequence;
                owner._scheduled.Add(this);
                fireNow = dueTime == TimeSpan.Zero;
            }

            if (fireNow)
            {
                owner.Advance(TimeSpan.Zero);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                owner._scheduled.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
