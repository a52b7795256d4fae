namespace EnforcementFlows.Durable.Worker;

/// <summary>
/// Wakes every waiting dispatcher when local work is enqueued. Take <see cref="Next"/> before
/// looking for work, so a signal that arrives while looking is not missed.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _current).Task;

    public void Set()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _current, fresh).TrySetResult();
    }
}
