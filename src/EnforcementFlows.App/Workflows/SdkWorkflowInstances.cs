using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// The instance operations on the Durable Task SDK's client. The SDK's query has no name filter, so a name filters
/// each page after it is read (a page may hold fewer instances than asked; the continuation token still moves on).
/// </summary>
internal sealed class SdkWorkflowInstances(DurableTaskClient client) : IWorkflowInstances
{
    public async Task<InstanceViewPage> ListAsync(InstanceFilter filter, CancellationToken cancellation)
    {
        var query = new OrchestrationQuery
        {
            Statuses = filter.Statuses?.Select(s => Enum.TryParse<OrchestrationRuntimeStatus>(s, ignoreCase: true, out var v) ? v : throw new UnknownStatusException(s)).ToList(),
            InstanceIdPrefix = filter.Prefix,
            PageSize = filter.PageSize,
            ContinuationToken = filter.Continuation,
            FetchInputsAndOutputs = true,
        };
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(filter.Continuation, filter.PageSize).WithCancellation(cancellation))
        {
            var views = page.Values.Where(m => filter.Name is null || string.Equals(m.Name, filter.Name, StringComparison.Ordinal)).Select(ToView).ToList();
            return new InstanceViewPage(views, page.ContinuationToken);
        }
        return new InstanceViewPage([], null);
    }

    public async Task<InstanceView?> GetAsync(string instanceId, CancellationToken cancellation)
        => await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation) is { } m ? ToView(m) : null;

    public async Task<object> HistoryAsync(string instanceId, CancellationToken cancellation)
    {
        if (client is not TaskHubDurableClient hub)
        {
            throw new NotSupportedException("This engine's client does not read histories.");
        }
        try
        {
            return JsonDocument.Parse(await hub.GetHistoryJsonAsync(instanceId, cancellation)).RootElement;
        }
        catch (NotImplementedException)
        {
            throw new NotSupportedException("The task hub backend does not return instance histories.");
        }
    }

    public Task RaiseAsync(string instanceId, string eventName, JsonElement? payload, CancellationToken cancellation)
        => client.RaiseEventAsync(instanceId, eventName, payload, cancellation);

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellation)
        => client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), cancellation);

    public Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellation) => client.SuspendInstanceAsync(instanceId, reason, cancellation);

    public Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellation) => client.ResumeInstanceAsync(instanceId, reason, cancellation);

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
        => (await client.PurgeInstanceAsync(instanceId, cancellation: cancellation)).PurgedInstanceCount > 0;

    private static InstanceView ToView(OrchestrationMetadata m) => new(m.InstanceId, m.Name, null, m.RuntimeStatus.ToString(), m.CreatedAt, m.LastUpdatedAt,
        m.IsCompleted ? m.LastUpdatedAt : null, m.SerializedCustomStatus, m.SerializedOutput,
        m.FailureDetails is { } f ? new { f.ErrorType, f.ErrorMessage } : null);
}
