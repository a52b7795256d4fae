using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Core = DurableTask.Core;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over a Durable Task Framework backend's client interfaces, so the
/// self-host's callers (the outbox relay, the instance API, the dashboard) use the same client API as Durable
/// Functions. Inputs and outputs use the SDK's data converter, as the shimmed orchestrators do.
/// </summary>
public sealed partial class TaskHubDurableClient : DurableTaskClient
{
    /// <summary>A start deduplicates against instances in these states: one id is started only once while it lives.</summary>
    private static readonly Core.OrchestrationStatus[] LiveStatuses =
        [Core.OrchestrationStatus.Pending, Core.OrchestrationStatus.Running, Core.OrchestrationStatus.Suspended];

    private readonly IOrchestrationServiceClient client;
    private readonly DataConverter converter;

    public TaskHubDurableClient(string name, IOrchestrationServiceClient client, DataConverter? converter = null)
        : base(name)
    {
        this.client = client ?? throw new ArgumentNullException(nameof(client));
        this.converter = converter ?? JsonDataConverter.Default;
    }

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value),
        };
        var dedupe = options?.DedupeStatuses is { Count: > 0 } statuses
            ? statuses.Select(s => Enum.Parse<Core.OrchestrationStatus>(s, ignoreCase: true)).ToArray()
            : LiveStatuses;
        cancellation.ThrowIfCancellationRequested();
        await client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, dedupe);
        return instance.InstanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        => Send(instanceId, new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName }, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => Send(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => Send(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive termination is not supported: the enforcement workflows start no sub-orchestrations.");
        }
        await client.ForceTerminateTaskOrchestrationAsync(instanceId, converter.Serialize(options?.Output));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task Send(string instanceId, HistoryEvent message, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return client.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId }, Event = message });
    }
}
