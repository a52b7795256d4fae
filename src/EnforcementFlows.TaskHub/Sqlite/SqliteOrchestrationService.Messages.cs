using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>Writing to instance inboxes and instance rows (inside writer operations).</summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Puts a message in its instance's inbox and makes the session claimable when the message is due,
    /// unless the session is locked now (its release looks at the inbox again). A start message also
    /// creates the instance row (pending) when there is none or the old one has finished.
    /// </summary>
    private static void Enqueue(WriteContext context, PreparedMessage message)
    {
        var visibleAt = message.VisibleAt == 0 ? context.Now : message.VisibleAt;
        context.Execute(
            "INSERT INTO messages (instance_id, visible_at, event_type, body) VALUES ($id, $at, $type, $body)",
            ("$id", message.InstanceId), ("$at", visibleAt), ("$type", (int)message.Type), ("$body", message.Body));
        context.Execute(
            """
            INSERT INTO sessions (instance_id, available_at) VALUES ($id, $at)
            ON CONFLICT (instance_id) DO UPDATE SET available_at = MIN(available_at, excluded.available_at)
            WHERE lock_token IS NULL OR locked_until <= $now
            """,
            ("$id", message.InstanceId), ("$at", visibleAt), ("$now", context.Now));
        if (visibleAt <= context.Now)
        {
            context.WakeUps |= WakeUps.Orchestrations;
        }
        if (message.Start is { } start)
        {
            WritePendingInstance(context, message.InstanceId, start, onlyIfAbsentOrFinished: true);
        }
    }

    private static void WritePendingInstance(WriteContext context, string instanceId, DurableTask.Core.History.ExecutionStartedEvent start, bool onlyIfAbsentOrFinished)
    {
        var details = TaskHubJson.SerializeValue(new InstanceDetails(start.Tags, start.ParentInstance, null, start.ScheduledStartTime));
        var guard = onlyIfAbsentOrFinished ? $"WHERE instances.status IN ({TerminalStatusList})" : "";
        context.Execute(
            $"""
            INSERT INTO instances (instance_id, execution_id, name, version, status, created_at, last_updated_at, input, details)
            VALUES ($id, $execution, $name, $version, $status, $now, $now, $input, $details)
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at, completed_at = NULL,
                input = excluded.input, output = NULL, custom_status = NULL, details = excluded.details
            {guard}
            """,
            ("$id", instanceId), ("$execution", start.OrchestrationInstance?.ExecutionId ?? ""), ("$name", start.Name ?? ""), ("$version", start.Version),
            ("$status", (int)OrchestrationStatus.Pending), ("$now", context.Now), ("$input", start.Input), ("$details", details));
        context.WakeUps |= WakeUps.InstanceChanged;
    }

    private static readonly string TerminalStatusList = string.Join(", ", new[]
    {
        OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled,
    }.Select(s => (int)s));

    private static void WriteInstance(WriteContext context, OrchestrationState state, string? details, bool writeInput)
    {
        var terminal = IsTerminal(state.OrchestrationStatus);
        if (!writeInput)
        {
            // A later turn of the same execution: name, version, created time and input stay as they
            // are, so their indexes are left alone.
            var updated = context.Execute(
                """
                UPDATE instances SET status = $status, last_updated_at = $now, completed_at = $completed, output = $output,
                    custom_status = $custom, details = $details
                WHERE instance_id = $id AND execution_id = $execution
                """,
                ("$status", (int)state.OrchestrationStatus), ("$now", context.Now), ("$completed", terminal ? Ticks(state.CompletedTime) : null),
                ("$output", state.Output), ("$custom", state.Status), ("$details", details),
                ("$id", state.OrchestrationInstance.InstanceId), ("$execution", state.OrchestrationInstance.ExecutionId ?? ""));
            if (updated == 1)
            {
                return;
            }
        }
        context.Execute(
            """
            INSERT INTO instances (instance_id, execution_id, name, version, status, created_at, last_updated_at, completed_at, input, output, custom_status, details)
            VALUES ($id, $execution, $name, $version, $status, $created, $now, $completed, $input, $output, $custom, $details)
            ON CONFLICT (instance_id) DO UPDATE SET execution_id = excluded.execution_id, name = excluded.name, version = excluded.version,
                status = excluded.status, created_at = excluded.created_at, last_updated_at = excluded.last_updated_at,
                completed_at = excluded.completed_at, input = CASE WHEN $writeInput THEN excluded.input ELSE instances.input END,
                output = excluded.output, custom_status = excluded.custom_status, details = excluded.details
            """,
            ("$id", state.OrchestrationInstance.InstanceId), ("$execution", state.OrchestrationInstance.ExecutionId ?? ""),
            ("$name", state.Name ?? ""), ("$version", state.Version), ("$status", (int)state.OrchestrationStatus),
            ("$created", Ticks(state.CreatedTime)), ("$now", context.Now), ("$completed", terminal ? Ticks(state.CompletedTime) : null),
            ("$input", state.Input), ("$output", state.Output), ("$custom", state.Status), ("$details", details), ("$writeInput", writeInput ? 1 : 0));
    }

    /// <summary>Unlocks a session: claimable again at its earliest remaining message, or gone when the inbox is empty.</summary>
    private static void ReleaseSession(WriteContext context, string instanceId, string? token)
    {
        var next = context.Scalar("SELECT MIN(visible_at) FROM messages WHERE instance_id = $id", ("$id", instanceId));
        var guard = token is null ? "" : " AND lock_token = $token";
        if (next is null)
        {
            context.Execute("DELETE FROM sessions WHERE instance_id = $id" + guard, ("$id", instanceId), ("$token", token));
            return;
        }
        context.Execute(
            "UPDATE sessions SET lock_token = NULL, locked_until = NULL, abandon_count = 0, available_at = $at WHERE instance_id = $id" + guard,
            ("$at", (long)next), ("$id", instanceId), ("$token", token));
        if ((long)next <= context.Now)
        {
            context.WakeUps |= WakeUps.Orchestrations;
        }
    }

    private static void ReturnUnhanded(WriteContext context, List<ClaimedSession> sessions, List<ClaimedActivity> activities)
    {
        foreach (var session in sessions)
        {
            ReleaseSession(context, session.InstanceId, session.LockToken);
        }
        foreach (var activity in activities)
        {
            context.Execute(
                "UPDATE activities SET lock_token = NULL, available_at = $now, dequeue_count = dequeue_count - 1 WHERE seq = $seq AND lock_token = $token",
                ("$now", context.Now), ("$seq", activity.Sequence), ("$token", activity.LockToken));
        }
    }
}

/// <summary>The rarely read parts of an instance row, stored as one JSON column.</summary>
internal sealed record InstanceDetails(
    IDictionary<string, string>? Tags,
    ParentInstance? ParentInstance,
    FailureDetails? FailureDetails,
    DateTime? ScheduledStartTime);
