using System.Text.Json;

namespace EnforcementFlows.App.Workflows;

/// <summary>One workflow instance as the instance API shows it, whichever engine runs it.</summary>
public sealed record InstanceView(string InstanceId, string Name, string? Version, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt, DateTimeOffset? CompletedAt, string? CustomStatus, string? Output, object? Failure);

public sealed record InstanceViewPage(IReadOnlyList<InstanceView> Instances, string? ContinuationToken);

/// <summary>A filter of the instance list. Statuses by name (Running, Completed, Failed, Terminated, Suspended, Pending).</summary>
public sealed record InstanceFilter(IReadOnlyList<string>? Statuses, string? Name, string? Prefix, int PageSize, string? Continuation);

/// <summary>
/// The operations the instance API and the dashboard offer on the workflows, over the Durable Task SDK's
/// <c>DurableTaskClient</c> (an interface so a backend that lacks an operation can say so).
/// </summary>
public interface IWorkflowInstances
{
    Task<InstanceViewPage> ListAsync(InstanceFilter filter, CancellationToken cancellation);

    Task<InstanceView?> GetAsync(string instanceId, CancellationToken cancellation);

    /// <summary>The instance's recorded history, in the engine's own event format.</summary>
    Task<object> HistoryAsync(string instanceId, CancellationToken cancellation);

    Task RaiseAsync(string instanceId, string eventName, JsonElement? payload, CancellationToken cancellation);

    Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellation);

    Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellation);

    Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellation);

    /// <returns>False when there was no such instance.</returns>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation);

    /// <summary>Instances per status name, counted up to <paramref name="cap"/> each (a dashboard summary, not a report).</summary>
    Task<IReadOnlyDictionary<string, InstanceCount>> CountByStatusAsync(int cap, CancellationToken cancellation);
}

/// <summary>A count of instances; <see cref="AtLeast"/> when counting stopped at the cap.</summary>
public readonly record struct InstanceCount(long Count, bool AtLeast)
{
    public override string ToString() => AtLeast ? $"{Count}+" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>No instance with that id (answered with 404).</summary>
public sealed class WorkflowInstanceNotFoundException(string instanceId) : Exception($"Orchestration instance '{instanceId}' does not exist.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>A status name no engine knows (answered with 400).</summary>
public sealed class UnknownStatusException(string status) : Exception($"Unknown status '{status}'.");
