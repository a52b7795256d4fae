using DurableTask.Core;
using DurableTask.Core.History;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>Orchestration sessions: claim (one lock per instance), load, renew, abandon, release.</summary>
public sealed partial class SqliteOrchestrationService
{
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + receiveTimeout;
        var delay = _options.MinPollInterval;
        while (!_stopping && !cancellationToken.IsCancellationRequested)
        {
            var pulse = _orchestrationsReady.Next;
            while (_sessions.TryTake(out var claim))
            {
                var workItem = await LoadWorkItemAsync(claim).ConfigureAwait(false);
                if (workItem is not null)
                {
                    return workItem;
                }
            }
            if (await ClaimSessionsAsync(cancellationToken).ConfigureAwait(false))
            {
                delay = _options.MinPollInterval;
                continue;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            var wait = Min(delay, remaining, await UntilNextDueAsync("sessions").ConfigureAwait(false));
            await AsyncPulse.WaitAsync(pulse, wait, cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, _options.MaxPollInterval, TimeSpan.MaxValue);
        }
        return null;
    }

    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        var until = await Writer.RunAsync(context =>
        {
            var lockedUntil = context.Now + _options.LockTimeout.Ticks;
            var renewed = context.Execute(
                "UPDATE sessions SET locked_until = $until, available_at = $until WHERE instance_id = $id AND lock_token = $token",
                ("$until", lockedUntil), ("$id", item.InstanceId), ("$token", item.Claim.LockToken));
            return renewed == 1 ? lockedUntil : -1;
        }).ConfigureAwait(false);
        if (until < 0)
        {
            Log.SessionLockLost(_logger, item.InstanceId);
            throw new TaskHubLeaseLostException($"The lock on orchestration '{item.InstanceId}' was lost (its lease expired and another worker took it)");
        }
        workItem.LockedUntilUtc = FromTicks(until);
    }

    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        if (item.Finished)
        {
            return;
        }
        item.Finished = true;
        _sessions.Finished(item.Claim);
        var (count, delayTicks) = await Writer.RunAsync(context =>
        {
            var abandons = Convert.ToInt32(context.Scalar(
                "UPDATE sessions SET lock_token = NULL, locked_until = NULL, abandon_count = abandon_count + 1 WHERE instance_id = $id AND lock_token = $token RETURNING abandon_count",
                ("$id", item.InstanceId), ("$token", item.Claim.LockToken)) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
            if (abandons == 0)
            {
                return (0, 0L);
            }
            var backoff = Backoff(abandons);
            context.Execute("UPDATE sessions SET available_at = $at WHERE instance_id = $id", ("$at", context.Now + backoff), ("$id", item.InstanceId));
            return (abandons, backoff);
        }).ConfigureAwait(false);
        if (count > 0)
        {
            Log.OrchestrationAbandoned(_logger, item.InstanceId, count, delayTicks / TimeSpan.TicksPerMillisecond);
        }
    }

    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        if (item.Finished)
        {
            return;
        }
        item.Finished = true;
        _sessions.Finished(item.Claim);
        await Writer.RunAsync(context => ReleaseSession(context, item.InstanceId, item.Claim.LockToken)).ConfigureAwait(false);
    }

    private long Backoff(int abandons)
    {
        var ticks = _options.AbandonBackoff.Ticks * Math.Pow(2, Math.Min(abandons - 1, 20));
        return (long)Math.Min(ticks, _options.MaxAbandonBackoff.Ticks);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);
}
