using System.Text.Json;
using EnforcementFlows.Durable;

namespace EnforcementFlows.App.Workflows;

/// <summary>The instance operations on the legacy runtime.</summary>
internal sealed class LegacyWorkflowInstances(DurableClient client) : IWorkflowInstances
{
    public async Task<InstanceViewPage> ListAsync(InstanceFilter filter, CancellationToken cancellation)
    {
        var page = await client.QueryInstancesAsync(new InstanceQuery
        {
            Statuses = filter.Statuses?.Select(s => Enum.TryParse<OrchestrationStatus>(s, ignoreCase: true, out var v) ? v : throw new UnknownStatusException(s)).ToArray(),
            Name = filter.Name,
            InstanceIdPrefix = filter.Prefix,
            PageSize = filter.PageSize,
            ContinuationToken = filter.Continuation,
        }, cancellation);
        return new InstanceViewPage(page.Instances.Select(ToView).ToList(), page.ContinuationToken);
    }

    public async Task<InstanceView?> GetAsync(string instanceId, CancellationToken cancellation)
        => await client.GetInstanceAsync(instanceId, cancellation) is { } i ? ToView(i) : null;

    public async Task<object> HistoryAsync(string instanceId, CancellationToken cancellation) => await client.GetHistoryAsync(instanceId, cancellation);

    public Task RaiseAsync(string instanceId, string eventName, JsonElement? payload, CancellationToken cancellation)
        => client.RaiseEventAsync(instanceId, eventName, payload, cancellation);

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellation) => client.TerminateInstanceAsync(instanceId, reason, cancellation);

    public Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellation) => client.SuspendInstanceAsync(instanceId, reason, cancellation);

    public Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellation) => client.ResumeInstanceAsync(instanceId, reason, cancellation);

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation) => client.PurgeInstanceAsync(instanceId, cancellation);

    public async Task<IReadOnlyDictionary<string, InstanceCount>> CountByStatusAsync(int cap, CancellationToken cancellation)
    {
        var counts = new Dictionary<string, InstanceCount>();
        foreach (var status in Enum.GetValues<OrchestrationStatus>())
        {
            var page = await client.QueryInstancesAsync(new InstanceQuery { Statuses = [status], PageSize = cap }, cancellation);
            counts[status.ToString()] = new InstanceCount(page.Instances.Count, page.ContinuationToken is not null);
        }
        return counts;
    }

    private static InstanceView ToView(InstanceMetadata i) => new(i.InstanceId, i.Name, i.Version, i.Status.ToString(), i.CreatedAt,
        i.LastUpdatedAt, i.CompletedAt, i.SerializedCustomStatus, i.SerializedOutput, i.FailureDetails);
}
