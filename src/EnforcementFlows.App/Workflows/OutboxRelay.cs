using DurableTask.Core.Exceptions;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Workflows;
using EnforcementFlows.Workflows.Cases;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Delivers the workflow outbox to the task hub, each instance's rows oldest first, at least once: a row is marked sent only after the
/// task hub took it, so a crash in between delivers it again, and every delivery is idempotent by its ids (a case
/// drops a signal id it took, a lift's instance id is started once, a decision id is counted once). While the task
/// hub is unreachable, intake keeps committing rows and the relay backs off, then catches up in order.
/// </summary>
public sealed class OutboxRelay(WorkflowOutbox outbox, DurableTaskClient client, JobLeases leases, IOptions<WorkflowEngineOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>One relay at a time over a shared database, so rows go out in commit order; a dead holder's lease expires.</summary>
    public const string LeaseName = "workflow-outbox-relay";

    /// <summary>Readiness calls the task hub "lagging" once a row has waited this long.</summary>
    public static readonly TimeSpan LagLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The last delivery error, or null once a pass delivered everything it read (readiness reports it; the backlog it
    /// reads from the outbox itself). A pass stuck longer than the lease lets another process relay too: delivery is
    /// idempotent, so that costs order between independent rows, never correctness.
    /// </summary>
    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.TryTakeAsync(LeaseName, options.Value.RelayLease, stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); // another process relays
                    continue;
                }
                var delivered = await RelayOnceAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (delivered < options.Value.RelayBatchSize)
                {
                    await Task.Delay(options.Value.RelayIdleDelay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The task hub or the domain database is unreachable: nothing is lost, the rows wait.
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                LastError = ex.Message;
                App.Log.RelayFailed(logger, ex.GetType().Name, backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }

    /// <summary>
    /// One pass over up to a batch of rows: each instance's rows in order, stopping at its first failure;
    /// different instances at once, so the task hub commits their starts and events together instead of one commit
    /// each. Returns how many were delivered; after marking those sent, throws the first failure.
    /// </summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellation)
    {
        var rows = await outbox.PendingAsync(options.Value.RelayBatchSize, cancellation);
        var passes = await Task.WhenAll(rows.GroupBy(TargetInstance, StringComparer.Ordinal).Select(instanceRows => DeliverInOrderAsync(instanceRows, cancellation)));
        var sent = passes.SelectMany(p => p.Sent).Order().ToList();
        if (sent.Count > 0)
        {
            await outbox.MarkSentAsync(sent, CancellationToken.None);
        }
        if (passes.Select(p => p.Failure).FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        LastError = null;
        return sent.Count;
    }

    /// <summary>One instance's rows in commit order: what went out, and the failure (or cancellation) that stopped the rest.</summary>
    private async Task<(List<long> Sent, Exception? Failure)> DeliverInOrderAsync(IEnumerable<OutboxRow> rows, CancellationToken cancellation)
    {
        var sent = new List<long>();
        foreach (var row in rows)
        {
            try
            {
                await DeliverAsync(row, cancellation);
            }
            catch (OperationCanceledException ex)
            {
                return (sent, ex); // shutting down: what went out is still marked sent
            }
            catch (Exception ex)
            {
                await outbox.MarkFailedAsync(row.Seq, ex.Message, CancellationToken.None);
                return (sent, ex);
            }
            sent.Add(row.Seq);
        }
        return (sent, null);
    }

    /// <summary>The instance a row goes to: rows for one instance keep their order (a case's signals and decisions).</summary>
    private static string TargetInstance(OutboxRow row) => row.Kind switch
    {
        OutboxKind.JoinCase => WorkflowNames.CaseInstanceId(row.Subject),
        OutboxKind.ScheduleLift => WorkflowNames.LiftInstanceId(row.Subject),
        OutboxKind.StartAppeal => WorkflowNames.AppealInstanceId(row.Subject),
        _ => row.Subject,
    };

    private Task DeliverAsync(OutboxRow row, CancellationToken cancellation) => row.Kind switch
    {
        OutboxKind.JoinCase => JoinCaseAsync(row.Read<JoinCaseCommand>(), cancellation),
        OutboxKind.ScheduleLift => ScheduleLiftAsync(row.Read<CaseActivities.LiftInput>(), cancellation),
        OutboxKind.RaiseDecision => client.RaiseEventAsync(row.Subject, WorkflowNames.ApprovalEvent, row.Read<ApprovalDecision>(), cancellation),
        OutboxKind.StartAppeal => StartAppealAsync(row.Read<Enforcement.Appeals.AppealInput>(), cancellation),
        _ => throw new InvalidDataException($"Outbox row {row.Seq} has an unknown kind '{row.Kind}'."),
    };

    /// <summary>Start-if-absent-else-raise on the account's one case instance.</summary>
    private async Task JoinCaseAsync(JoinCaseCommand command, CancellationToken cancellation)
    {
        var instanceId = WorkflowNames.CaseInstanceId(command.AccountId);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Case, new CaseInput(command.AccountId, command.Signal),
                new StartOrchestrationOptions(instanceId), cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            await client.RaiseEventAsync(instanceId, WorkflowNames.SignalEvent, command.Signal, cancellation);
        }
    }

    private async Task StartAppealAsync(Enforcement.Appeals.AppealInput appeal, CancellationToken cancellation)
    {
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Appeal, appeal,
                new StartOrchestrationOptions(WorkflowNames.AppealInstanceId(appeal.StatementId)), cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Delivered before: one appeal per statement, and its review is running.
        }
    }

    private async Task ScheduleLiftAsync(CaseActivities.LiftInput lift, CancellationToken cancellation)
    {
        try
        {
            // Started now; it sleeps on a durable timer until the expiry (backends differ in scheduled starts).
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Lift, lift, new StartOrchestrationOptions(WorkflowNames.LiftInstanceId(lift.ActionId)),
                cancellation);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Delivered before: the lift is already waiting.
        }
    }
}
