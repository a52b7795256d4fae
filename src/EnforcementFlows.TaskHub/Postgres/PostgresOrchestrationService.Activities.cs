using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Activity work items: claimed in batches (<c>FOR UPDATE SKIP LOCKED</c>) with their own lease, renewed
/// while they run, completed by deleting the claimed row with its lock token and putting the result in
/// the orchestration's inbox in one transaction. A result from a worker whose lease was taken over is
/// refused, so it is never applied twice.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        var deadline = DateTime.UtcNow + receiveTimeout;
        var delay = _options.MinPollInterval;
        while (!_stopping && !cancellationToken.IsCancellationRequested)
        {
            var pulse = _activitiesReady.Next;
            if (_activities.TryTake(out var claim))
            {
                return new PgActivityWorkItem
                {
                    Id = claim.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Claim = claim,
                    TaskMessage = TaskHubJson.DeserializeMessage(claim.Body),
                    LockedUntilUtc = FromTicks(claim.LockedUntil),
                    DeliveryAttempt = claim.DequeueCount,
                };
            }
            var outcome = await ClaimActivitiesAsync(cancellationToken).ConfigureAwait(false);
            if (outcome.Claimed)
            {
                delay = _options.MinPollInterval;
                continue;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            var wait = Min(delay, remaining, outcome.UntilNextDue);
            await AsyncPulse.WaitAsync(pulse, wait, cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, _options.MaxPollInterval, TimeSpan.MaxValue);
        }
        return null;
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (PgActivityWorkItem)workItem;
        var until = await Writer.RunAsync(s =>
        {
            var lockedUntil = s.Now + _options.LockTimeout.Ticks;
            var renewed = s.Execute($"UPDATE {_s}.activities SET available_at = $1 WHERE seq = $2 AND lock_token = $3", lockedUntil, item.Claim.Sequence, item.Claim.LockToken);
            return renewed == 1 ? lockedUntil : -1;
        }).ConfigureAwait(false);
        if (until < 0)
        {
            Log.ActivityLockLost(_logger, item.Claim.Sequence, item.Claim.InstanceId);
            throw new TaskHubLeaseLostException($"The lock on activity {item.Claim.Sequence} of '{item.Claim.InstanceId}' was lost (its lease expired and another worker took it)");
        }
        item.Claim = item.Claim with { LockedUntil = until };
        item.LockedUntilUtc = FromTicks(until);
        return item;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var item = (PgActivityWorkItem)workItem;
        var response = PreparedTurn.PrepareMessage(responseMessage, visibleAt: 0);
        var applied = true;
        try
        {
            await Writer.RunAsync(s =>
            {
                // Guarded and deferred: the delete (with the lock token) and the result are one statement riding with the COMMIT.
                Enqueue(s, response, completedActivity: (item.Claim.Sequence, item.Claim.LockToken));
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsLockLost(ex))
        {
            applied = false;
        }
        _activities.Finished(item.Claim);
        if (!applied)
        {
            // The result is dropped: the worker that holds the lease now delivers its own.
            Log.ActivityLockLost(_logger, item.Claim.Sequence, item.Claim.InstanceId);
            throw new TaskHubLeaseLostException($"The lock on activity {item.Claim.Sequence} of '{item.Claim.InstanceId}' was lost; its result was not applied");
        }
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (PgActivityWorkItem)workItem;
        _activities.Finished(item.Claim);
        return Writer.RunAsync(s => s.Defer(
            $"UPDATE {_s}.activities SET lock_token = NULL, available_at = $1 WHERE seq = $2 AND lock_token = $3",
            s.Now + Backoff(Math.Max(1, item.Claim.DequeueCount)), item.Claim.Sequence, item.Claim.LockToken));
    }

    private async Task<ClaimOutcome> ClaimActivitiesAsync(CancellationToken cancellation)
    {
        if (!await _activities.ClaimGate.WaitAsync(0, cancellation).ConfigureAwait(false))
        {
            await _activities.ClaimGate.WaitAsync(cancellation).ConfigureAwait(false);
            _activities.ClaimGate.Release();
            return ClaimOutcome.Some;
        }
        try
        {
            if (_stopping)
            {
                return ClaimOutcome.None(TimeSpan.MaxValue);
            }
            var token = LockToken();
            var claims = await ReadAsync(async connection =>
            {
                var now = DateTime.UtcNow.Ticks;
                var lockedUntil = now + _options.LockTimeout.Ticks;
                await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                var claimed = new List<ClaimedActivity>();
                long? nextDue = null;
                await using (var command = new NpgsqlBatch(connection))
                {
                    // As for sessions: the earliest available_at comes back only when nothing was claimed, and the
                    // locked rows are updated by ctid (a TID scan), not joined back by seq (the planner hashed the whole churning table).
                    command.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
                    command.BatchCommands.Add(new NpgsqlBatchCommand(NoTableScans));
                    command.BatchCommands.Add(BatchCommand(
                    $"""
                    WITH claimed AS (
                        UPDATE {_s}.activities a SET lock_token = $1, available_at = $2, dequeue_count = a.dequeue_count + 1
                        WHERE a.ctid = ANY(ARRAY(SELECT ctid FROM {_s}.activities WHERE available_at <= $3 ORDER BY available_at LIMIT $4 FOR UPDATE SKIP LOCKED))
                        RETURNING a.seq, a.instance_id, a.dequeue_count, a.body)
                    SELECT seq, instance_id, dequeue_count, body, NULL::bigint FROM claimed
                    UNION ALL
                    SELECT NULL, NULL, NULL, NULL, (SELECT MIN(available_at) FROM {_s}.activities) WHERE NOT EXISTS (SELECT 1 FROM claimed)
                    """, token, lockedUntil, now, _options.ClaimBatchSize));
                    await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                    while (await reader.ReadAsync().ConfigureAwait(false))
                    {
                        if (reader.IsDBNull(0))
                        {
                            nextDue = reader.IsDBNull(4) ? null : reader.GetInt64(4);
                            continue;
                        }
                        claimed.Add(new ClaimedActivity(reader.GetInt64(0), reader.GetString(1), token, lockedUntil, reader.GetInt32(2), reader.GetString(3)));
                    }
                }
                await transaction.CommitAsync().ConfigureAwait(false);
                return (claimed, nextDue);
            }).ConfigureAwait(false);
            _activities.AddRange(claims.claimed.OrderBy(c => c.Sequence));
            return claims.claimed.Count > 0 ? ClaimOutcome.Some : ClaimOutcome.None(UntilDue(claims.nextDue));
        }
        finally
        {
            _activities.ClaimGate.Release();
        }
    }
}
