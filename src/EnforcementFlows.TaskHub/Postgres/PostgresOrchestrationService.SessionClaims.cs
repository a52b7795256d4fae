using DurableTask.Core;
using DurableTask.Core.History;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Claiming sessions: one transaction locks up to <c>ClaimBatchSize</c> due sessions (<c>FOR UPDATE SKIP LOCKED</c>,
/// so processes never wait for each other's claims) and loads their instance rows, histories and due
/// messages. A claim is only a lease: it commits without waiting for the WAL flush
/// (<c>synchronous_commit = off</c>); a claim lost in a server crash just makes the work claimable again,
/// and the lock token guards every write that follows.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    /// <summary>
    /// Claims due sessions into the buffer. When it claims nothing, the same statement says how long until
    /// the earliest session is due (a timer, a lease ending), so an idle fetcher needs no second query.
    /// </summary>
    private async Task<ClaimOutcome> ClaimSessionsAsync(CancellationToken cancellation)
    {
        if (!await _sessions.ClaimGate.WaitAsync(0, cancellation).ConfigureAwait(false))
        {
            // Another fetcher is claiming; wait for its claim and take from the buffer.
            await _sessions.ClaimGate.WaitAsync(cancellation).ConfigureAwait(false);
            _sessions.ClaimGate.Release();
            return ClaimOutcome.Some;
        }
        try
        {
            if (_stopping)
            {
                return ClaimOutcome.None(TimeSpan.MaxValue);
            }
            var (claims, nextDue) = await ReadAsync(connection => ClaimSessionsAsync(connection, LockToken())).ConfigureAwait(false);
            _sessions.AddRange(claims);
            return claims.Count > 0 ? ClaimOutcome.Some : ClaimOutcome.None(UntilDue(nextDue));
        }
        finally
        {
            _sessions.ClaimGate.Release();
        }
    }

    private async Task<(List<PgOrchestrationWorkItem> Claims, long? NextDue)> ClaimSessionsAsync(NpgsqlConnection connection, string token)
    {
        var now = DateTime.UtcNow.Ticks;
        var lockedUntil = now + _options.LockTimeout.Ticks;
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var ids = new List<string>();
        long? nextDue = null;
        await using (var claim = new NpgsqlBatch(connection))
        {
            // One round trip: the claim need not wait for the WAL flush, and its rows (or, when it claimed
            // nothing, one row with the earliest available_at: MIN runs only then). The rows locked by the inner
            // SELECT are updated by their ctid (a TID scan; the lock keeps them in place until COMMIT): joined by
            // instance_id, the planner scanned the whole, churning table and tested every row against every id.
            claim.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
            claim.BatchCommands.Add(new NpgsqlBatchCommand(NoTableScans));
            // Left to choose, PostgreSQL planned this claim and the three loads afresh on every call (custom plans for
            // the array and LIMIT parameters): in the service benchmark planning took 3.5 times as long as running the
            // claim. With scans priced out, the generic plan made once per connection takes the same index paths.
            claim.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_generic_plan"));
            claim.BatchCommands.Add(BatchCommand(
                $"""
                WITH claimed AS (
                    UPDATE {_s}.sessions t SET lock_token = $1, locked_until = $2, available_at = $2
                    WHERE t.ctid = ANY(ARRAY(SELECT ctid FROM {_s}.sessions WHERE available_at <= $3 ORDER BY available_at LIMIT $4 FOR UPDATE SKIP LOCKED))
                    RETURNING t.instance_id)
                SELECT instance_id, NULL::bigint FROM claimed
                UNION ALL
                SELECT NULL, (SELECT MIN(available_at) FROM {_s}.sessions) WHERE NOT EXISTS (SELECT 1 FROM claimed)
                """, token, lockedUntil, now, _options.ClaimBatchSize));
            await using var reader = await claim.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                if (reader.IsDBNull(0))
                {
                    nextDue = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                    continue;
                }
                ids.Add(reader.GetString(0));
            }
        }
        if (ids.Count == 0)
        {
            await transaction.CommitAsync().ConfigureAwait(false);
            return ([], nextDue);
        }
        var idArray = ids.ToArray();
        var rows = new Dictionary<string, (string ExecutionId, OrchestrationStatus Status)>(StringComparer.Ordinal);
        var histories = ids.ToDictionary(id => id, _ => new List<HistoryEvent>(), StringComparer.Ordinal);
        var messages = ids.ToDictionary(id => id, _ => (Sequences: new List<long>(), Messages: new List<TaskMessage>()), StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection))
        {
            // Per id, an index lookup: each load is a LATERAL subquery over the claimed ids (OFFSET 0 keeps the planner
            // from flattening it into a join). As a join, or with "instance_id = ANY($1)", the plan costed on young or
            // bloated tables (a queue table churns: thousands of dead rows between autovacuum passes) scanned the whole
            // table and hashed it: 2-5 ms per claim instead of a few tenths.
            batch.BatchCommands.Add(BatchCommand(
                $"SELECT i.instance_id, i.execution_id, i.status FROM unnest($1::text[]) AS q(id) " +
                $"CROSS JOIN LATERAL (SELECT instance_id, execution_id, status FROM {_s}.instances WHERE instance_id = q.id OFFSET 0) i", (object)idArray));
            batch.BatchCommands.Add(BatchCommand(
                $"SELECT h.instance_id, h.body FROM unnest($1::text[]) AS q(id) CROSS JOIN LATERAL (SELECT h.instance_id, h.sequence, h.body FROM {_s}.instances i " +
                $"JOIN {_s}.history h ON h.instance_id = i.instance_id AND h.execution_id = i.execution_id WHERE i.instance_id = q.id OFFSET 0) h ORDER BY h.instance_id, h.sequence",
                (object)idArray));
            batch.BatchCommands.Add(BatchCommand(
                $"SELECT m.seq, m.instance_id, m.body FROM unnest($1::text[]) AS q(id) " +
                $"CROSS JOIN LATERAL (SELECT seq, instance_id, body FROM {_s}.messages WHERE instance_id = q.id AND visible_at <= $2 OFFSET 0) m ORDER BY m.seq", idArray, now));
            await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                rows[reader.GetString(0)] = (reader.GetString(1), (OrchestrationStatus)reader.GetInt32(2));
            }
            await reader.NextResultAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                histories[reader.GetString(0)].AddRange(TaskHubJson.DeserializeHistory(reader.GetString(1)));
            }
            await reader.NextResultAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var inbox = messages[reader.GetString(1)];
                inbox.Sequences.Add(reader.GetInt64(0));
                inbox.Messages.Add(TaskHubJson.DeserializeMessage(reader.GetString(2)));
            }
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        var items = new List<PgOrchestrationWorkItem>(ids.Count);
        foreach (var id in ids)
        {
            var found = rows.TryGetValue(id, out var row);
            var inbox = messages[id];
            var starts = inbox.Messages.Any(m => m.Event is ExecutionStartedEvent);
            items.Add(new PgOrchestrationWorkItem
            {
                InstanceId = id,
                LockToken = token,
                MessageSequences = [.. inbox.Sequences],
                StoredExecutionId = found ? row.ExecutionId : null,
                // Nothing due (a lease ran out after its holder completed), or messages for a missing or finished instance.
                Orphaned = inbox.Messages.Count == 0 || ((!found || IsTerminal(row.Status)) && !starts),
                OrchestrationRuntimeState = new OrchestrationRuntimeState(histories[id]),
                NewMessages = inbox.Messages,
                LockedUntilUtc = FromTicks(lockedUntil),
            });
        }
        return (items, null);
    }

    /// <summary>
    /// Set in every claim and writer transaction: each of their statements finds its rows by key, yet a plan cached
    /// while a queue table was young (a few pages, or statistics not yet gathered) scans it, and keeps scanning once it
    /// holds thousands of rows: in the service benchmark the session claim read the whole sessions table on every
    /// claim (38 million rows over 14,000 cases). With scans priced out the planner takes the index or TID path at any size.
    /// </summary>
    internal const string NoTableScans = "SET LOCAL enable_seqscan = off";

    private static NpgsqlBatchCommand BatchCommand(string sql, params object[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }
        return command;
    }

    /// <summary>Drops the messages of an orphaned claim (no instance, or a finished one) and unlocks the session.</summary>
    private async Task DropOrphanedAsync(PgOrchestrationWorkItem item)
    {
        if (item.NewMessages.Count > 0)
        {
            Log.MessagesDropped(_logger, item.NewMessages.Count, item.InstanceId);
        }
        item.Finished = true;
        _sessions.Finished(item);
        await Writer.RunAsync(s =>
        {
            if (OwnsSession(s, item.InstanceId, item.LockToken))
            {
                s.Defer($"DELETE FROM {_s}.messages WHERE seq = ANY($1)", item.MessageSequences);
                ReleaseSession(s, item.InstanceId, item.LockToken);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>How long until <paramref name="nextDue"/> (the earliest claimable row of a queue table: a timer, a lease ending).</summary>
    private static TimeSpan UntilDue(long? nextDue)
    {
        if (nextDue is not { } due)
        {
            return TimeSpan.MaxValue;
        }
        var until = TimeSpan.FromTicks(due - DateTime.UtcNow.Ticks);
        return until < TimeSpan.Zero ? TimeSpan.Zero : until;
    }

    /// <summary>What a claim did: claimed work items (or waited for another fetcher's claim), or how long until the next is due.</summary>
    private readonly record struct ClaimOutcome(bool Claimed, TimeSpan UntilNextDue)
    {
        public static ClaimOutcome Some => new(true, TimeSpan.Zero);

        public static ClaimOutcome None(TimeSpan untilNextDue) => new(false, untilNextDue);
    }
}
