using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>Orchestration sessions: fetch (one lock per instance), renew, abandon with backoff, release.</summary>
public sealed partial class PostgresOrchestrationService
{
    public async Task<TaskOrchestrationWorkItem?> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        var deadline = DateTime.UtcNow + receiveTimeout;
        var delay = _options.MinPollInterval;
        while (!_stopping && !cancellationToken.IsCancellationRequested)
        {
            var pulse = _orchestrationsReady.Next;
            while (_sessions.TryTake(out var item))
            {
                if (!item.Orphaned)
                {
                    return item;
                }
                await DropOrphanedAsync(item).ConfigureAwait(false);
            }
            var claim = await ClaimSessionsAsync(cancellationToken).ConfigureAwait(false);
            if (claim.Claimed)
            {
                delay = _options.MinPollInterval;
                continue;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            var wait = Min(delay, remaining, claim.UntilNextDue);
            await Sqlite.AsyncPulse.WaitAsync(pulse, wait, cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, _options.MaxPollInterval, TimeSpan.MaxValue);
        }
        return null;
    }

    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (PgOrchestrationWorkItem)workItem;
        var until = await Writer.RunAsync(s =>
        {
            var lockedUntil = s.Now + _options.LockTimeout.Ticks;
            var renewed = s.Execute(
                $"UPDATE {_s}.sessions SET locked_until = $1, available_at = $1 WHERE instance_id = $2 AND lock_token = $3",
                lockedUntil, item.InstanceId, item.LockToken);
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
        var item = (PgOrchestrationWorkItem)workItem;
        if (item.Finished)
        {
            return;
        }
        item.Finished = true;
        _sessions.Finished(item);
        var (count, delayTicks) = await Writer.RunAsync(s =>
        {
            var abandons = Convert.ToInt32(s.Scalar(
                $"UPDATE {_s}.sessions SET lock_token = NULL, locked_until = NULL, abandon_count = abandon_count + 1 WHERE instance_id = $1 AND lock_token = $2 RETURNING abandon_count",
                item.InstanceId, item.LockToken) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
            if (abandons == 0)
            {
                return (0, 0L);
            }
            var backoff = Backoff(abandons);
            s.Defer($"UPDATE {_s}.sessions SET available_at = $1 WHERE instance_id = $2", s.Now + backoff, item.InstanceId);
            return (abandons, backoff);
        }).ConfigureAwait(false);
        if (count > 0)
        {
            Log.OrchestrationAbandoned(_logger, item.InstanceId, count, delayTicks / TimeSpan.TicksPerMillisecond);
        }
    }

    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (PgOrchestrationWorkItem)workItem;
        if (item.Finished)
        {
            return;
        }
        item.Finished = true;
        _sessions.Finished(item);
        await Writer.RunAsync(s =>
        {
            if (OwnsSession(s, item.InstanceId, item.LockToken))
            {
                ReleaseSession(s, item.InstanceId, item.LockToken);
            }
        }).ConfigureAwait(false);
    }

    private long Backoff(int abandons)
    {
        var ticks = _options.AbandonBackoff.Ticks * Math.Pow(2, Math.Min(abandons - 1, 20));
        return (long)Math.Min(ticks, _options.MaxAbandonBackoff.Ticks);
    }
}
