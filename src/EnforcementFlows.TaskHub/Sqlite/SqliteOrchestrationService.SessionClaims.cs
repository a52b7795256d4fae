using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>Claiming sessions in batches, and loading a claimed session's history and new messages.</summary>
public sealed partial class SqliteOrchestrationService
{
    private async Task<bool> ClaimSessionsAsync(CancellationToken cancellation)
    {
        if (!await _sessions.ClaimGate.WaitAsync(0, cancellation).ConfigureAwait(false))
        {
            // Another fetcher is claiming; wait for its claim and take from the buffer.
            await _sessions.ClaimGate.WaitAsync(cancellation).ConfigureAwait(false);
            _sessions.ClaimGate.Release();
            return true;
        }
        try
        {
            var token = LockToken(NewClaimToken());
            var claims = await Writer.RunAsync(context => ClaimSessions(context, token)).ConfigureAwait(false);
            _sessions.AddRange(claims);
            return claims.Count > 0;
        }
        finally
        {
            _sessions.ClaimGate.Release();
        }
    }

    private List<ClaimedSession> ClaimSessions(WriteContext context, string token)
    {
        if (_stopping)
        {
            // Stopping: a claim now could outlive the release of this service's locks.
            return [];
        }
        var ids = new List<string>();
        using (var select = context.Command("SELECT instance_id FROM sessions WHERE available_at <= $now ORDER BY available_at LIMIT $n"))
        {
            select.Parameters.AddWithValue("$now", context.Now);
            select.Parameters.AddWithValue("$n", _options.ClaimBatchSize);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }
        var claims = new List<ClaimedSession>(ids.Count);
        var lockedUntil = context.Now + _options.LockTimeout.Ticks;
        foreach (var id in ids)
        {
            var maxSequence = context.Scalar("SELECT MAX(seq) FROM messages WHERE instance_id = $id AND visible_at <= $now", ("$id", id), ("$now", context.Now));
            if (maxSequence is null)
            {
                // A lease ran out with nothing due (the holder died after completing): tidy the row.
                ReleaseSession(context, id, token: null);
                continue;
            }
            context.Execute(
                "UPDATE sessions SET lock_token = $token, locked_until = $until, available_at = $until WHERE instance_id = $id",
                ("$token", token), ("$until", lockedUntil), ("$id", id));
            claims.Add(new ClaimedSession(id, token, context.Now, (long)maxSequence, lockedUntil));
        }
        return claims;
    }

    /// <summary>
    /// Builds the work item of a claimed session on a reader connection (WAL readers do not wait for
    /// the writer): the stored history of the current execution plus the claimed messages. Messages for
    /// an instance that does not exist or has finished are dropped, as DTFx providers do.
    /// </summary>
    private async Task<TaskOrchestrationWorkItem?> LoadWorkItemAsync(ClaimedSession claim)
    {
        string? executionId = null;
        var finished = false;
        var history = new List<HistoryEvent>();
        var messages = new List<TaskMessage>();
        using (var session = RentReader())
        using (var transaction = session.Connection.BeginTransaction(deferred: true))
        {
            // One read transaction: the instance row, its history and its messages as of one moment.
            using (var reader = InTransaction(session.Prepared("SELECT execution_id, status FROM instances WHERE instance_id = $id", ("$id", claim.InstanceId)), transaction).ExecuteReader())
            {
                if (reader.Read())
                {
                    executionId = reader.GetString(0);
                    finished = IsTerminal((OrchestrationStatus)reader.GetInt32(1));
                }
            }
            using (var reader = InTransaction(session.Prepared("SELECT body FROM history WHERE instance_id = $id AND execution_id = $execution ORDER BY sequence", ("$id", claim.InstanceId), ("$execution", executionId ?? "")), transaction).ExecuteReader())
            {
                while (reader.Read())
                {
                    history.AddRange(TaskHubJson.DeserializeHistory(reader.GetString(0)));
                }
            }
            using (var reader = InTransaction(session.Prepared("SELECT body FROM messages WHERE instance_id = $id AND seq <= $max AND visible_at <= $at ORDER BY seq", ("$id", claim.InstanceId), ("$max", claim.MaxSequence), ("$at", claim.ClaimedAt)), transaction).ExecuteReader())
            {
                while (reader.Read())
                {
                    messages.Add(TaskHubJson.DeserializeMessage(reader.GetString(0)));
                }
            }
            transaction.Commit();
        }
        var starts = messages.Any(m => m.Event is ExecutionStartedEvent);
        if ((executionId is null || finished) && !starts)
        {
            Log.MessagesDropped(_logger, messages.Count, claim.InstanceId);
            _sessions.Finished(claim);
            await Writer.RunAsync(context =>
            {
                if (OwnsSession(context, claim))
                {
                    DeleteClaimedMessages(context, claim);
                    ReleaseSession(context, claim.InstanceId, claim.LockToken);
                }
            }).ConfigureAwait(false);
            return null;
        }
        return new SqliteOrchestrationWorkItem
        {
            InstanceId = claim.InstanceId,
            Claim = claim,
            StoredExecutionId = executionId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(history),
            NewMessages = messages,
            LockedUntilUtc = FromTicks(claim.LockedUntil),
        };
    }

    private static SqliteCommand InTransaction(SqliteCommand command, SqliteTransaction transaction)
    {
        command.Transaction = transaction;
        return command;
    }

    private static bool IsTerminal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>How long until the earliest claimable row of a queue table (a timer, a lease ending).</summary>
    private async Task<TimeSpan> UntilNextDueAsync(string table)
    {
        using var session = RentReader();
        var next = await session.Prepared($"SELECT MIN(available_at) FROM {table}").ExecuteScalarAsync().ConfigureAwait(false);
        if (next is null or DBNull)
        {
            return TimeSpan.MaxValue;
        }
        var until = TimeSpan.FromTicks((long)next - DateTime.UtcNow.Ticks);
        return until < TimeSpan.Zero ? TimeSpan.Zero : until;
    }
}
