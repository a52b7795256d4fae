namespace EnforcementFlows.Durable.Execution;

internal sealed partial class ReplayContext
{
    private readonly Dictionary<string, Queue<EventRaised>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Events that arrived but nobody waited for; carried over by continue-as-new.</summary>
    internal IEnumerable<EventRaised> UnconsumedEvents => _buffered.Values.SelectMany(q => q);

    public override async Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_buffered.TryGetValue(name, out var queue) && queue.Count > 0)
        {
            return JsonData.Deserialize<T>(queue.Dequeue().Input)!;
        }

        var tcs = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(name, out var list))
        {
            _waiters[name] = list = new LinkedList<TaskCompletionSource<string?>>();
        }
        var node = list.AddLast(tcs);
        await using var registration = cancellation.Register(() =>
        {
            if (node.List is not null)
            {
                list.Remove(node);
            }
            tcs.TrySetCanceled(cancellation);
        });
        return JsonData.Deserialize<T>(await tcs.Task)!;
    }

    public override bool TryTakeReceivedEvent<T>(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_buffered.TryGetValue(name, out var queue) && queue.Count > 0)
        {
            value = JsonData.Deserialize<T>(queue.Dequeue().Input)!;
            return true;
        }
        value = default;
        return false;
    }

    public override async Task<T> WaitForExternalEvent<T>(string name, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await WaitForExternalEvent<T>(name);
        }

        using var waitCancel = new CancellationTokenSource();
        var eventTask = WaitForExternalEvent<T>(name, waitCancel.Token);
        if (eventTask.IsCompleted)
        {
            return await eventTask;
        }

        using var timerCancel = new CancellationTokenSource();
        var timer = CreateTimer(_now + timeout, timerCancel.Token);
        if (await Task.WhenAny(eventTask, timer) == eventTask)
        {
            timerCancel.Cancel();
            return await eventTask;
        }

        waitCancel.Cancel();
        throw new TimeoutException($"Event '{name}' did not arrive within {timeout}.");
    }

    private void Deliver(EventRaised e)
    {
        if (_waiters.TryGetValue(e.Name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.TrySetResult(e.Input);
            return;
        }
        if (!_buffered.TryGetValue(e.Name, out var queue))
        {
            _buffered[e.Name] = queue = new Queue<EventRaised>();
        }
        queue.Enqueue(e);
    }
}
