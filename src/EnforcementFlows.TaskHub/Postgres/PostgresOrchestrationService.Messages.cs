using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Sqlite;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Writing inboxes and instance rows (inside writer operations). The session row is the lock that
/// orders an inbox: a sender upserts it after inserting its message, and a releaser locks it before it
/// looks at the inbox, so a message sent while a turn completes is never left without a claimable session.
/// </summary>
public sealed partial class PostgresOrchestrationService
{
    /// <summary>
    /// Puts a message in its instance's inbox and makes the session claimable when the message is due,
    /// unless it is locked now (the release looks at the inbox again). A start message also creates the
    /// instance row (pending) when there is none or the old one has finished.
    /// </summary>
    private void Enqueue(PgSession s, PreparedMessage message)
    {
        var visibleAt = message.VisibleAt == 0 ? s.Now : message.VisibleAt;
        // One statement: the message and the session upsert. ON CONFLICT locks the session row even when
        // its WHERE is false, so a concurrent release waits for this commit and then sees the message.
        s.Defer(
            $"""
            WITH m AS (INSERT INTO {_s}.messages (instance_id, visible_at, event_type, body) VALUES ($1, $2, $3, $4))
            INSERT INTO {_s}.sessions AS t (instance_id, available_at) VALUES ($1, $2)
            ON CONFLICT (instance_id) DO UPDATE SET available_at = LEAST(t.available_at, excluded.available_at)
            WHERE t.lock_token IS NULL OR t.locked_until <= $5
            """,
            message.InstanceId, visibleAt, (int)message.Type, message.Body, s.Now);
        if (visibleAt <= s.Now)
        {
            s.WakeUps |= WakeUps.Orchestrations;
        }
        if (message.Start is { } start)
        {
            WritePendingInstance(s, message.InstanceId, start, onlyIfAbsentOrFinished: true);
        }
    }

    private void WritePendingInstance(PgSession s, string instanceId, ExecutionStartedEvent start, bool onlyIfAbsentOrFinished)
    {
        var details = TaskHubJson.SerializeValue(new InstanceDetails(start.Tags, start.ParentInstance, null, start.ScheduledStartTime));
        var guard = onlyIfAbsentOrFinished ? $"WHERE t.status IN ({TerminalStatusList})" : "";
        s.Defer(
            $"""
            INSERT INTO {_s}.instances AS t (instance_id, execution_id, name, version, status, created_at, last_updated_at, input, details)
            VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = NULL,
                input = excluded.input, output = NULL, custom_status = NULL, details = excluded.details
            {guard}
            """,
            instanceId, start.OrchestrationInstance?.ExecutionId ?? "", start.Name ?? "", start.Version, (int)OrchestrationStatus.Pending, s.Now, start.Input, details);
        s.WakeUps |= WakeUps.InstanceChanged;
    }

    private static readonly string TerminalStatusList = string.Join(", ", new[]
    {
        OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled,
    }.Select(s => (int)s));

    /// <summary>The instance row after a turn: one upsert; the input is sent only with an execution's first turn.</summary>
    private void WriteInstance(PgSession s, OrchestrationState state, string? details, bool writeInput)
    {
        var terminal = IsTerminal(state.OrchestrationStatus);
        s.Defer(
            $"""
            INSERT INTO {_s}.instances AS t (instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, input, output, custom_status, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
                completed_at = excluded.completed_at, input = CASE WHEN $13 THEN excluded.input ELSE t.input END,
                output = excluded.output, custom_status = excluded.custom_status, details = excluded.details
            """,
            state.OrchestrationInstance.InstanceId, state.OrchestrationInstance.ExecutionId ?? "", state.Name ?? "", state.Version,
            (int)state.OrchestrationStatus, Ticks(state.CreatedTime), s.Now, terminal ? Ticks(state.CompletedTime) : PgSession.NullLong,
            writeInput ? state.Input : null, state.Output, state.Status, details, writeInput);
    }

    /// <summary>
    /// Unlocks a session: claimable again at its earliest remaining message, or gone when the inbox is
    /// empty. The caller holds the session row locked (<see cref="OwnsSession"/>) or passes the token, so
    /// the inbox it looks at cannot gain a message this release misses.
    /// </summary>
    private void ReleaseSession(PgSession s, string instanceId, string? token)
    {
        var guard = token is null ? "" : " AND lock_token = $2";
        s.Defer(
            $"""
            UPDATE {_s}.sessions SET lock_token = NULL, locked_until = NULL, abandon_count = 0,
                available_at = (SELECT MIN(visible_at) FROM {_s}.messages WHERE instance_id = $1)
            WHERE instance_id = $1{guard} AND EXISTS (SELECT 1 FROM {_s}.messages WHERE instance_id = $1)
            """,
            instanceId, token ?? "");
        s.Defer(
            $"DELETE FROM {_s}.sessions WHERE instance_id = $1{guard} AND NOT EXISTS (SELECT 1 FROM {_s}.messages WHERE instance_id = $1)",
            instanceId, token ?? "");
        // A message may have arrived during the turn: let a fetcher look (a claim that finds nothing is cheap).
        s.WakeUps |= WakeUps.Orchestrations;
    }

    /// <summary>The SQLSTATE of <c>expect_rows</c>: a guarded write found its lock gone.</summary>
    private const string LockLost = "EF001";

    /// <summary>
    /// Locks the session row, failing the transaction (<see cref="LockLost"/>) if this claim no longer owns it.
    /// Deferred: the guard rides with COMMIT, so a turn costs no round trip of its own.
    /// </summary>
    private void GuardSession(PgSession s, string instanceId, string token) => s.Defer(
        $"SELECT {_s}.expect_rows((SELECT COUNT(*) FROM (SELECT 1 FROM {_s}.sessions WHERE instance_id = $1 AND lock_token = $2 FOR UPDATE) o), 1)",
        instanceId, token);

    private static bool IsLockLost(Exception ex) => ex is Npgsql.PostgresException { SqlState: LockLost };

    /// <summary>Locks the session row if this claim still owns it (the guard of every turn's writes).</summary>
    private bool OwnsSession(PgSession s, string instanceId, string token) =>
        s.Scalar($"SELECT 1 FROM {_s}.sessions WHERE instance_id = $1 AND lock_token = $2 FOR UPDATE", instanceId, token) is not null;
}
