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
    /// instance row (pending) when there is none or the old one has finished. <paramref name="completedActivity"/>
    /// makes it an activity's result: the same statement deletes the activity row with its lock token and
    /// fails (<see cref="LockLost"/>) before writing anything when that row is not this worker's any more.
    /// </summary>
    private void Enqueue(PgSession s, PreparedMessage message, (long Sequence, string Token)? completedActivity = null, bool startAlways = false)
    {
        var visibleAt = message.VisibleAt == 0 ? s.Now : message.VisibleAt;
        var statement = new PgStatement();
        var id = statement.Arg(message.InstanceId);
        var visible = statement.Arg(visibleAt);
        var session = $"VALUES ({id}, {visible})";
        if (completedActivity is { } done)
        {
            statement.With("done", $"DELETE FROM {_s}.activities WHERE seq = {statement.Arg(done.Sequence)} AND lock_token = {statement.Arg(done.Token)} RETURNING 1");
            statement.With("guard", $"SELECT {_s}.expect_rows((SELECT COUNT(*) FROM done), 1)");
            session = $"SELECT {id}, {visible} FROM guard";
        }
        if (message.Start is { } start)
        {
            WritePendingInstance(s, statement, id, start, onlyIfAbsentOrFinished: !startAlways);
        }
        statement.With("m", $"INSERT INTO {_s}.messages (instance_id, visible_at, event_type, body) VALUES ({id}, {visible}, {statement.Arg((int)message.Type)}, {statement.Arg(message.Body)})");
        // The session upsert is the main query. ON CONFLICT locks the session row even when its WHERE is
        // false, so a concurrent release waits for this commit and then sees the message.
        statement.Defer(s,
            $"""
            INSERT INTO {_s}.sessions AS t (instance_id, available_at) {session}
            ON CONFLICT (instance_id) DO UPDATE SET available_at = LEAST(t.available_at, excluded.available_at)
            WHERE t.lock_token IS NULL OR t.locked_until <= {statement.Arg(s.Now)}
            """);
        if (visibleAt <= s.Now)
        {
            s.WakeUps |= WakeUps.Orchestrations;
        }
    }

    /// <summary>The pending instance row of a start, as a write of <paramref name="statement"/>.</summary>
    private void WritePendingInstance(PgSession s, PgStatement statement, string id, ExecutionStartedEvent start, bool onlyIfAbsentOrFinished)
    {
        var details = TaskHubJson.SerializeValue(new InstanceDetails(start.Tags, start.ParentInstance, null, start.ScheduledStartTime));
        var guard = onlyIfAbsentOrFinished ? $"WHERE t.status IN ({TerminalStatusList})" : "";
        var now = statement.Arg(s.Now);
        statement.With("pending",
            $"""
            INSERT INTO {_s}.instances AS t (instance_id, execution_id, name, version, status, created_at, last_updated_at, input, details)
            VALUES ({id}, {statement.Arg(start.OrchestrationInstance?.ExecutionId ?? "")}, {statement.Arg(start.Name ?? "")}, {statement.Arg(start.Version)},
                {statement.Arg((int)OrchestrationStatus.Pending)}, {now}, {now}, {statement.Arg(start.Input)}, {statement.Arg(details)})
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = NULL,
                input = excluded.input, output = NULL, custom_status = NULL, details = excluded.details
            {guard}
            """);
        s.WakeUps |= WakeUps.InstanceChanged;
    }

    private static readonly string TerminalStatusList = string.Join(", ", new[]
    {
        OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled,
    }.Select(s => (int)s));

    /// <summary>The instance row after a turn, as a write of <paramref name="statement"/>: one upsert; the input is sent only with an execution's first turn.</summary>
    private void WriteInstance(PgSession s, PgStatement statement, OrchestrationState state, string? details, bool writeInput)
    {
        var terminal = IsTerminal(state.OrchestrationStatus);
        statement.With("instance",
            $"""
            INSERT INTO {_s}.instances AS t (instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, input, output, custom_status, details)
            VALUES ({statement.Arg(state.OrchestrationInstance.InstanceId)}, {statement.Arg(state.OrchestrationInstance.ExecutionId ?? "")}, {statement.Arg(state.Name ?? "")},
                {statement.Arg(state.Version)}, {statement.Arg((int)state.OrchestrationStatus)}, {statement.Arg(Ticks(state.CreatedTime))}, {statement.Arg(s.Now)},
                {statement.Arg(terminal ? Ticks(state.CompletedTime) : PgSession.NullLong)}, {statement.Arg(writeInput ? state.Input : null)}, {statement.Arg(state.Output)},
                {statement.Arg(state.Status)}, {statement.Arg(details)})
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
                completed_at = excluded.completed_at, {(writeInput ? "input = excluded.input, " : "")}
                output = excluded.output, custom_status = excluded.custom_status, details = excluded.details
            """);
    }

    /// <summary>
    /// Unlocks a session: claimable again at its earliest remaining message, or gone when the inbox is
    /// empty. The caller holds the session row locked (<see cref="OwnsSession"/>) or passes the token, so
    /// the inbox it looks at cannot gain a message this release misses.
    /// </summary>
    private void ReleaseSession(PgSession s, string instanceId, string? token)
    {
        var guard = token is null ? "" : " AND lock_token = $2";
        // One statement: both halves see the same inbox (one snapshot) and the caller holds the row, so
        // exactly one of them applies.
        s.Defer(
            $"""
            WITH gone AS (DELETE FROM {_s}.sessions WHERE instance_id = $1{guard} AND NOT EXISTS (SELECT 1 FROM {_s}.messages WHERE instance_id = $1))
            UPDATE {_s}.sessions SET lock_token = NULL, locked_until = NULL, abandon_count = 0,
                available_at = (SELECT MIN(visible_at) FROM {_s}.messages WHERE instance_id = $1)
            WHERE instance_id = $1{guard} AND EXISTS (SELECT 1 FROM {_s}.messages WHERE instance_id = $1)
            """,
            instanceId, token ?? "");
        // A message may have arrived during the turn: let a fetcher look (a claim that finds nothing is cheap).
        s.WakeUps |= WakeUps.Orchestrations;
    }

    /// <summary>The SQLSTATE of <c>expect_rows</c>: a guarded write found its lock gone.</summary>
    private const string LockLost = "EF001";

    /// <summary>
    /// Locks the session row, failing the transaction (<see cref="LockLost"/>) if this claim no longer owns it,
    /// as the main query of <paramref name="statement"/> (its writes run after it). Deferred: the guard rides
    /// with COMMIT, so a turn costs no round trip of its own.
    /// </summary>
    private void GuardSession(PgSession s, PgStatement statement, string id, string token) => statement.Defer(s,
        $"SELECT {_s}.expect_rows((SELECT COUNT(*) FROM (SELECT 1 FROM {_s}.sessions WHERE instance_id = {id} AND lock_token = {statement.Arg(token)} FOR UPDATE) o), 1)");

    private static bool IsLockLost(Exception ex) => ex is Npgsql.PostgresException { SqlState: LockLost };

    /// <summary>Locks the session row if this claim still owns it (the guard of every turn's writes).</summary>
    private bool OwnsSession(PgSession s, string instanceId, string token) =>
        s.Scalar($"SELECT 1 FROM {_s}.sessions WHERE instance_id = $1 AND lock_token = $2 FOR UPDATE", instanceId, token) is not null;
}
