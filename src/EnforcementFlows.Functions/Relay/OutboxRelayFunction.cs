using EnforcementFlows.App.Workflows;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Relay;

/// <summary>
/// Delivers the workflow outbox to the task hub through the Functions host's durable client: the self-host's
/// <see cref="OutboxRelay"/> pass (same ordering, same idempotent deliveries), under the same job lease, so a
/// self-host sharing the database never relays at the same time.
/// </summary>
public sealed class OutboxRelayFunction(WorkflowOutbox outbox, JobLeases leases, IOptions<WorkflowEngineOptions> options, ILoggerFactory loggers)
{
    public const string Name = "OutboxRelay";

    /// <summary>The schedule's binding expression: app setting OutboxRelaySchedule (default every 5 seconds, see FunctionSchedules).</summary>
    public const string Schedule = "%" + Hosting.FunctionSchedules.OutboxRelaySetting + "%";

    /// <summary>Passes per invocation: a backlog drains in bounded runs, each well inside the lease.</summary>
    public const int MaxPasses = 20;

    [Function(Name)]
    public async Task<int> Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        var relay = new OutboxRelay(outbox, client, leases, options, loggers.CreateLogger<OutboxRelay>());
        var delivered = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            // Renewed per pass (taking a held lease renews it); another holder means another process relays.
            if (!await leases.TryTakeAsync(OutboxRelay.LeaseName, options.Value.RelayLease, cancellation))
            {
                break;
            }
            var sent = await relay.RelayOnceAsync(cancellation);
            delivered += sent;
            if (sent < options.Value.RelayBatchSize)
            {
                break;
            }
        }
        return delivered;
    }
}
