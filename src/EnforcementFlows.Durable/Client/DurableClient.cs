using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable;

/// <summary>Starts, signals, inspects and manages orchestration instances.</summary>
public sealed partial class DurableClient(IDurableStore store, DurableTaskRegistry registry, TimeProvider time)
{
    /// <summary>Starts an instance. Starting an id that is running returns it unchanged; a finished id is started afresh.</summary>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, string? instanceId = null,
        CancellationToken cancellation = default)
    {
        var request = NewInstanceFor(orchestratorName, input, instanceId);
        await store.StartAsync(request, cancellation);
        return request.InstanceId;
    }

    /// <summary>
    /// Starts an instance whose first turn runs at <paramref name="startAt"/>. Until then it is Pending: events
    /// and suspend requests sent meanwhile wait for the start and then apply in order; terminate applies at once.
    /// </summary>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input, string? instanceId, DateTimeOffset startAt,
        CancellationToken cancellation = default)
    {
        var request = NewInstanceFor(orchestratorName, input, instanceId) with { StartAt = startAt };
        await store.StartAsync(request, cancellation);
        return request.InstanceId;
    }

    /// <summary>
    /// Delivers an event to the instance, starting it first if it does not exist or has finished —
    /// both in one atomic step, so concurrent callers produce one instance and every event arrives.
    /// </summary>
    public async Task<string> SignalWithStartAsync(string instanceId, string orchestratorName, object? input, string eventName, object? eventData = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await store.SignalWithStartAsync(NewInstanceFor(orchestratorName, input, instanceId), new EventRaised(eventName, JsonData.Serialize(eventData)), cancellation);
        return instanceId;
    }

    /// <summary>Raises an event; buffered until the orchestrator waits for it.</summary>
    /// <exception cref="InstanceNotFoundException">No such instance.</exception>
    /// <exception cref="InstanceStateException">The instance has finished.</exception>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventData = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return store.SendAsync(instanceId, new EventRaised(eventName, JsonData.Serialize(eventData)), cancellation);
    }

    public Task TerminateInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => store.SendAsync(instanceId, new ExecutionTerminated(reason), cancellation);

    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => store.SendAsync(instanceId, new ExecutionSuspended(reason), cancellation);

    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => store.SendAsync(instanceId, new ExecutionResumed(reason), cancellation);

    public Task<InstanceMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation = default)
        => store.GetInstanceAsync(instanceId, cancellation);

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellation = default)
        => store.QueryInstancesAsync(query, cancellation);

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
        => store.GetHistoryAsync(instanceId, cancellation);

    /// <summary>Deletes a finished instance and its history. False when it does not exist.</summary>
    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
        => store.PurgeAsync(instanceId, cancellation);

    /// <summary>Deletes finished instances that completed before <paramref name="cutoff"/>, up to <paramref name="maxCount"/>.</summary>
    public Task<int> PurgeInstancesFinishedBeforeAsync(DateTimeOffset cutoff, int maxCount = 1000, CancellationToken cancellation = default)
        => store.PurgeFinishedBeforeAsync(cutoff, maxCount, cancellation);

    private NewInstance NewInstanceFor(string orchestratorName, object? input, string? instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var id = instanceId ?? Guid.NewGuid().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(id, nameof(instanceId));
        var version = registry.FindOrchestrator(orchestratorName)?.Version;
        return new NewInstance(id, orchestratorName, version, JsonData.Serialize(input));
    }
}
