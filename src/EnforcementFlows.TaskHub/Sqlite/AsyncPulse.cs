namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// An in-process wake-up: waiters get a task that completes at the next <see cref="Pulse"/>. A waiter
/// takes the task before it looks at the tables, so a pulse between the look and the wait is not
/// missed. Waits are always bounded (polling is the fallback).
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>The task of the next pulse; take it before looking at the tables, then await it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public static async Task WaitAsync(Task pulse, TimeSpan timeout, CancellationToken cancellation)
    {
        if (timeout <= TimeSpan.Zero || pulse.IsCompleted)
        {
            return;
        }
        try
        {
            await pulse.WaitAsync(timeout, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Poll interval over: look again.
        }
    }
}
