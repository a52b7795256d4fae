namespace EnforcementFlows.Durable.Execution;

internal sealed partial class ReplayContext
{
    private enum OpenTaskKind { Activity, Timer, SubOrchestration }

    private sealed record OpenTask(OpenTaskKind Kind, string Name, TaskCompletionSource<string?> Completion);

    /// <summary>Actions the code produced that history has not (yet) confirmed, by task id.</summary>
    private readonly SortedDictionary<int, OrchestratorAction> _pending = new();
    private readonly Dictionary<int, OpenTask> _open = new();

    internal IReadOnlyList<OrchestratorAction> UnconfirmedActions => [.. _pending.Values];

    public override async Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = JsonData.Serialize(input);
        var logicalId = _nextTaskId;
        var policy = options?.Retry;
        for (var attempt = 1; ; attempt++)
        {
            var id = _nextTaskId++;
            _pending.Add(id, new ScheduleTaskAction(id, name, inputJson, logicalId, attempt));
            try
            {
                return JsonData.Deserialize<T>(await Open(id, OpenTaskKind.Activity, name))!;
            }
            catch (TaskFailedException ex) when (ShouldRetry(policy, attempt, ex))
            {
                await CreateTimer(_now + policy!.DelayAfter(attempt), CancellationToken.None);
            }
        }
    }

    public override async Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, string? instanceId = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = JsonData.Serialize(input);
        var policy = options?.Retry;
        for (var attempt = 1; ; attempt++)
        {
            var id = _nextTaskId++;
            // A retry needs a fresh child id: the failed child still exists with its history.
            var childId = (instanceId ?? $"{_instanceId}:{id}") + (attempt > 1 && instanceId is not null ? $":{attempt}" : "");
            _pending.Add(id, new CreateSubOrchestrationAction(id, name, childId, inputJson));
            try
            {
                return JsonData.Deserialize<T>(await Open(id, OpenTaskKind.SubOrchestration, name))!;
            }
            catch (TaskFailedException ex) when (ShouldRetry(policy, attempt, ex))
            {
                await CreateTimer(_now + policy!.DelayAfter(attempt), CancellationToken.None);
            }
        }
    }

    public override Task CreateTimer(DateTime fireAtUtc, CancellationToken cancellation)
    {
        var id = _nextTaskId++;
        var fireAt = DateTime.SpecifyKind(fireAtUtc, DateTimeKind.Utc);
        _pending.Add(id, new CreateTimerAction(id, fireAt));
        var task = Open(id, OpenTaskKind.Timer, "timer");
        if (cancellation.CanBeCanceled)
        {
            // The durable timer still fires later; it is simply ignored.
            cancellation.Register(() => _open[id].Completion.TrySetCanceled(cancellation));
        }
        return task;
    }

    private static bool ShouldRetry(RetryPolicy? policy, int attempt, TaskFailedException ex)
        => policy is not null && attempt < policy.MaxAttempts && (policy.Handle?.Invoke(ex.FailureDetails) ?? true);

    private Task<string?> Open(int id, OpenTaskKind kind, string name)
    {
        var tcs = new TaskCompletionSource<string?>();
        _open[id] = new OpenTask(kind, name, tcs);
        return tcs.Task;
    }
}
