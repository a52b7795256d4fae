namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// A clock tests move by hand. Timers created through it (Task.Delay, CancellationTokenSource
/// timeouts, the runtime's waits) fire when <see cref="Advance"/> passes their due time; durable
/// timers come due because the store reads this clock.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= _now).MinBy(t => t.DueAt);
                if (due is null)
                {
                    return;
                }
                due.Rearm();
            }
            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; private set; }
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }
                if (dueTime <= TimeSpan.Zero)
                {
                    // Due now: fire as a real timer would, without waiting for the next Advance.
                    ThreadPool.QueueUserWorkItem(_ => Fire());
                    if (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                    {
                        DueAt = clock._now + period;
                        clock._timers.Add(this);
                    }
                    return true;
                }
                DueAt = clock._now + dueTime;
                clock._timers.Add(this);
                return true;
            }
        }

        /// <summary>Called under the clock's lock: schedules the next period or retires the timer.</summary>
        public void Rearm()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
