namespace EnforcementFlows.Durable;

/// <summary>
/// Requests that someone is waiting on (signed intake: a sender holds the connection until commit)
/// register here while they run. While many are in flight, and for a moment after, the worker takes
/// smaller bites of background work (<see cref="DurableWorkerOptions.MaxConcurrentActivitiesUnderLoad"/>,
/// <see cref="DurableWorkerOptions.OrchestrationBatchSizeUnderLoad"/>) so the CPU answers them first.
/// Background work never stops; it catches up when the burst is over.
/// </summary>
public sealed class ForegroundLoad
{
    /// <summary>In-flight requests at which the process counts as busy; a handful at a time is not a burst.</summary>
    public const int BusyThreshold = 8;

    // Without a linger the limits would flap between requests of a steady stream.
    private const long LingerMs = 250;

    private int _inFlight;
    private long _busyUntil;

    public bool IsBusy => Volatile.Read(ref _inFlight) >= BusyThreshold || Environment.TickCount64 < Volatile.Read(ref _busyUntil);

    public Scope Enter()
    {
        Interlocked.Increment(ref _inFlight);
        return new Scope(this);
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) + 1 >= BusyThreshold)
        {
            Volatile.Write(ref _busyUntil, Environment.TickCount64 + LingerMs);
        }
    }

    public readonly struct Scope(ForegroundLoad load) : IDisposable
    {
        public void Dispose() => load.Exit();
    }
}
