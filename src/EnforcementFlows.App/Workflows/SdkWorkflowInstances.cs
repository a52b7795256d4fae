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

    // DTFx's client sends a message to any id, existing or not; the API answers 404 for an instance that is not there.
    public async Task RaiseAsync(string instanceId, string eventName, JsonElement? payload, CancellationToken cancellation)
    {
        await ExistingAsync(instanceId, cancellation);
        await client.RaiseEventAsync(instanceId, eventName, payload, cancellation);
    }

    public async Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellation)
    {
        await ExistingAsync(instanceId, cancellation);
        await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), cancellation);
    }

    public async Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellation)
    {
        await ExistingAsync(instanceId, cancellation);
        await client.SuspendInstanceAsync(instanceId, reason, cancellation);
    }

    public async Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellation)
    {
        await ExistingAsync(instanceId, cancellation);
        await client.ResumeInstanceAsync(instanceId, reason, cancellation);
    }

    public async Task<IReadOnlyDictionary<string, InstanceCount>> CountByStatusAsync(int cap, CancellationToken cancellation)
    {
        var counts = new Dictionary<string, InstanceCount>();
        foreach (var status in new[] { OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
            OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated })
        {
            long count = 0;
            await foreach (var page in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [status], PageSize = Math.Min(cap, 500) })
                .AsPages(pageSizeHint: Math.Min(cap, 500)).WithCancellation(cancellation))
            {
                count += page.Values.Count;
                if (count >= cap || page.ContinuationToken is null)
                {
                    counts[status.ToString()] = new InstanceCount(Math.Min(count, cap), page.ContinuationToken is not null);
                    break;
                }
            }
            counts.TryAdd(status.ToString(), new InstanceCount(count, false));
        }
        return counts;
    }

    private async Task ExistingAsync(string instanceId, CancellationToken cancellation)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation) is null)
        {
            throw new WorkflowInstanceNotFoundException(instanceId);
        }
    }

    public async Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
        => (await client.PurgeInstanceAsync(instanceId, cancellation: cancellation)).PurgedInstanceCount > 0;

    private static InstanceView ToView(OrchestrationMetadata m) => new(m.InstanceId, m.Name, null, m.RuntimeStatus.ToString(), m.CreatedAt, m.LastUpdatedAt,
        m.IsCompleted ? m.LastUpdatedAt : null, m.SerializedCustomStatus, m.SerializedOutput,
        m.FailureDetails is { } f ? new { f.ErrorType, f.ErrorMessage } : null);
}
