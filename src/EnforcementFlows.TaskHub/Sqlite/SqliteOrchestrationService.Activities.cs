using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// Activity work items: claimed in batches with their own lease, renewed while they run, completed by
/// deleting the claimed row and putting the result in the orchestration's inbox in one transaction.
/// A result from a worker whose lease was taken over is refused, so it is never applied twice.
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    public async Task<TaskActivityWorkItem?> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + receiveTimeout;
        var delay = _options.MinPollInterval;
        while (!_stopping && !cancellationToken.IsCancellationRequested)
        {
            var pulse = _activitiesReady.Next;
            if (_activities.TryTake(out var claim))
            {
                return new SqliteActivityWorkItem
                {
                    Id = claim.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Claim = claim,
                    TaskMessage = TaskHubJson.DeserializeMessage(claim.Body),
                    LockedUntilUtc = FromTicks(claim.LockedUntil),
                    DeliveryAttempt = claim.DequeueCount,
                };
            }
            if (await ClaimActivitiesAsync(cancellationToken).ConfigureAwait(false))
            {
                delay = _options.MinPollInterval;
                continue;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            var wait = Min(delay, remaining, await UntilNextDueAsync("activities").ConfigureAwait(false));
            await AsyncPulse.WaitAsync(pulse, wait, cancellationToken).ConfigureAwait(false);
            delay = Min(delay * 2, _options.MaxPollInterval, TimeSpan.MaxValue);
        }
        return null;
    }

    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var until = await Writer.RunAsync(context =>
        {
            var lockedUntil = context.Now + _options.LockTimeout.Ticks;
            var renewed = context.Execute(
                "UPDATE activities SET available_at = $until WHERE seq = $seq AND lock_token = $token",
                ("$until", lockedUntil), ("$seq", item.Claim.Sequence), ("$token", item.Claim.LockToken));
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
        var item = (SqliteActivityWorkItem)workItem;
        var response = PreparedTurn.PrepareMessage(responseMessage, visibleAt: 0);
        var applied = await Writer.RunAsync(context =>
        {
            var deleted = context.Execute("DELETE FROM activities WHERE seq = $seq AND lock_token = $token", ("$seq", item.Claim.Sequence), ("$token", item.Claim.LockToken));
            if (deleted == 0)
            {
                return false;
            }
            Enqueue(context, response);
            return true;
        }).ConfigureAwait(false);
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
        var item = (SqliteActivityWorkItem)workItem;
        _activities.Finished(item.Claim);
        return Writer.RunAsync(context => context.Execute(
            "UPDATE activities SET lock_token = NULL, available_at = $at WHERE seq = $seq AND lock_token = $token",
            ("$at", context.Now + Backoff(Math.Max(1, item.Claim.DequeueCount))), ("$seq", item.Claim.Sequence), ("$token", item.Claim.LockToken)));
    }

    private async Task<bool> ClaimActivitiesAsync(CancellationToken cancellation)
    {
        if (!await _activities.ClaimGate.WaitAsync(0, cancellation).ConfigureAwait(false))
        {
            await _activities.ClaimGate.WaitAsync(cancellation).ConfigureAwait(false);
            _activities.ClaimGate.Release();
            return true;
        }
        try
        {
            var token = LockToken(NewClaimToken());
            var claims = await Writer.RunAsync(context =>
            {
                var claimed = new List<ClaimedActivity>();
                if (_stopping)
                {
                    return claimed;
                }
                var lockedUntil = context.Now + _options.LockTimeout.Ticks;
                using var command = context.Command(
                    """
                    UPDATE activities SET lock_token = $token, available_at = $until, dequeue_count = dequeue_count + 1
                    WHERE seq IN (SELECT seq FROM activities WHERE available_at <= $now ORDER BY available_at LIMIT $n)
                    RETURNING seq, instance_id, dequeue_count, body
                    """);
                command.Parameters.AddWithValue("$token", token);
                command.Parameters.AddWithValue("$until", lockedUntil);
                command.Parameters.AddWithValue("$now", context.Now);
                command.Parameters.AddWithValue("$n", _options.ClaimBatchSize);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    claimed.Add(new ClaimedActivity(reader.GetInt64(0), reader.GetString(1), token, lockedUntil, reader.GetInt32(2), reader.GetString(3)));
                }
                return claimed;
            }).ConfigureAwait(false);
            _activities.AddRange(claims.OrderBy(c => c.Sequence));
            return claims.Count > 0;
        }
        finally
        {
            _activities.ClaimGate.Release();
        }
    }
}
