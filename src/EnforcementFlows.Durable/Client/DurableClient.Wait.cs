using System.Collections.Concurrent;

namespace EnforcementFlows.Durable;

public sealed partial class DurableClient
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finishWaiters = new(StringComparer.Ordinal);
    private int _subscribed;

    /// <summary>
    /// Waits until the instance finishes. Wakes at once for completions in this process and polls
    /// (10 ms doubling to 1 s) for completions made by other processes.
    /// </summary>
    public async Task<InstanceMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation = default)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            store.InstanceFinished += id =>
            {
                if (_finishWaiters.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult();
                }
            };
        }
        var poll = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var finished = _finishWaiters.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var instance = await store.GetInstanceAsync(instanceId, cancellation) ?? throw new InstanceNotFoundException(instanceId);
            if (instance.Status.IsTerminal())
            {
                return instance;
            }
            using var timeout = new CancellationTokenSource(poll, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellation);
            try
            {
                await finished.Task.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }
            poll = TimeSpan.FromMilliseconds(Math.Min(poll.TotalMilliseconds * 2, 1000));
        }
    }
}
