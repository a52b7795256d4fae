namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>The statements of a set-based commit: one per kind of row, over arrays.</summary>
public sealed partial class PostgresDurableStore
{
    /// <summary>A turn with its JSON already produced, so the writer only executes statements.</summary>
    private sealed record PreparedTurn(
        OrchestrationTurn Turn,
        string? HistoryJson,
        string? FailureJson,
        List<PreparedMessage> Messages,
        List<(NewInstance Child, string Started)> Children);

    private sealed record PreparedMessage(string InstanceId, string? ExecutionId, long? VisibleAtMs, bool Control, string Payload);

    private static void AppendHistory(PostgresSession s, List<PreparedTurn> turns, Dictionary<(string, string), long> leases)
    {
        var appended = turns.Where(t => t.HistoryJson is not null).ToList();
        if (appended.Count == 0)
        {
            return;
        }
        s.DeferWrite("""
            INSERT INTO history (instance_id, seq, execution_id, events)
            SELECT * FROM unnest(@p0::text[], @p1::bigint[], @p2::text[], @p3::text[])
            """,
            appended.Select(t => t.Turn.InstanceId).ToArray(),
            appended.Select(t => leases[(t.Turn.InstanceId, t.Turn.ExecutionId)]).ToArray(),
            appended.Select(t => t.Turn.ExecutionId).ToArray(),
            appended.Select(t => t.HistoryJson).ToArray());
    }

    private static void InsertActivities(PostgresSession s, List<PreparedTurn> turns, long now)
    {
        var calls = turns.SelectMany(t => t.Turn.Activities.Select(a => (t.Turn, Call: a))).ToList();
        if (calls.Count == 0)
        {
            return;
        }
        s.DeferWrite("""
            INSERT INTO activities (instance_id, execution_id, task_id, logical_id, attempt, name, input, ready_at)
            SELECT t.*, @p7 FROM unnest(@p0::text[], @p1::text[], @p2::integer[], @p3::integer[], @p4::integer[], @p5::text[], @p6::text[]) AS t
            """,
            calls.Select(c => c.Turn.InstanceId).ToArray(), calls.Select(c => c.Turn.ExecutionId).ToArray(),
            calls.Select(c => c.Call.TaskId).ToArray(), calls.Select(c => c.Call.LogicalId).ToArray(), calls.Select(c => c.Call.Attempt).ToArray(),
            calls.Select(c => c.Call.Name).ToArray(), calls.Select(c => c.Call.Input).ToArray(), now);
        s.WorkEnqueued = true;
    }

    /// <summary>Status, output and history position of every turn; the lease is released and ready_at recomputed.</summary>
    private static void UpdateInstances(PostgresSession s, List<PreparedTurn> turns, Dictionary<(string, string), long> leases, long now)
    {
        var status = turns.Select(t => t.Turn.Restart is null ? t.Turn.Status : OrchestrationStatus.Running).ToArray();
        s.DeferWrite("""
            UPDATE instances i SET execution_id = t.execution_id, status = t.status, output = t.output, failure = t.failure,
                custom_status = COALESCE(t.custom_status, i.custom_status), input = COALESCE(t.input, i.input),
                version = COALESCE(i.version, t.version), history_seq = t.history_seq,
                updated_at = @p10, completed_at = t.completed_at,
                lock_owner = NULL, lock_expires = NULL,
                ready_at = (SELECT MIN(CASE WHEN m.control THEN m.visible_at ELSE GREATEST(m.visible_at, COALESCE(i.start_at, 0)) END)
                    FROM messages m WHERE m.instance_id = i.instance_id AND (t.status <> 2 OR m.control))
            FROM unnest(@p0::text[], @p1::text[], @p2::integer[], @p3::text[], @p4::text[], @p5::text[], @p6::text[], @p7::text[], @p8::bigint[], @p9::bigint[])
                AS t(instance_id, execution_id, status, output, failure, custom_status, input, version, history_seq, completed_at)
            WHERE i.instance_id = t.instance_id
            """,
            turns.Select(t => t.Turn.InstanceId).ToArray(),
            turns.Select(t => t.Turn.Restart?.NewExecutionId ?? t.Turn.ExecutionId).ToArray(),
            status.Select(x => (int)x).ToArray(),
            turns.Select(t => t.Turn.Output).ToArray(),
            turns.Select(t => t.FailureJson).ToArray(),
            turns.Select(t => t.Turn.CustomStatus).ToArray(),
            turns.Select(t => t.Turn.Restart?.Input).ToArray(),
            turns.Select(t => t.Turn.Version).ToArray(),
            turns.Select(t => t.Turn.Restart is not null ? 0 : leases[(t.Turn.InstanceId, t.Turn.ExecutionId)] + (t.HistoryJson is null ? 0 : 1)).ToArray(),
            status.Select(x => x.IsTerminal() ? now : (long?)null).ToArray(),
            now);
    }

    /// <summary>A restarted execution begins with ExecutionStarted (name and version read back from the row) and the carried-over events.</summary>
    private List<PreparedMessage> RestartMessages(PostgresSession s, List<PreparedTurn> turns, string[] restarts)
    {
        var messages = new List<PreparedMessage>();
        if (restarts.Length == 0)
        {
            return messages;
        }
        var names = s.Query("SELECT instance_id, name, version FROM instances WHERE instance_id = ANY(@p0)",
            r => (Id: r.GetString(0), Name: r.GetString(1), Version: r.GetStringOrNull(2)), (object)restarts).ToDictionary(x => x.Id);
        foreach (var turn in turns.Where(t => t.Turn.Restart is not null))
        {
            var (id, restart) = (turn.Turn.InstanceId, turn.Turn.Restart!);
            var events = restart.CarryOverEvents.Prepend<HistoryEvent>(new ExecutionStarted(names[id].Name, names[id].Version, restart.Input) { Timestamp = Now() });
            messages.AddRange(events.Select(e => new PreparedMessage(id, restart.NewExecutionId, null, IsControl(e), JsonData.SerializeEvent(e))));
        }
        return messages;
    }

    /// <summary>Messages go only to the execution they were meant for (any, when null), if it still exists.</summary>
    private static void DeliverMessages(PostgresSession s, List<PreparedMessage> messages, long now)
    {
        if (messages.Count == 0)
        {
            return;
        }
        s.DeferWrite("""
            INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
            SELECT m.instance_id, m.execution_id, COALESCE(m.visible_at, @p5), m.control, m.payload
            FROM unnest(@p0::text[], @p1::text[], @p2::bigint[], @p3::boolean[], @p4::text[]) WITH ORDINALITY
                AS m(instance_id, execution_id, visible_at, control, payload, position)
            WHERE EXISTS (SELECT 1 FROM instances i WHERE i.instance_id = m.instance_id AND (m.execution_id IS NULL OR i.execution_id = m.execution_id))
            ORDER BY m.position
            """,
            messages.Select(m => m.InstanceId).ToArray(), messages.Select(m => m.ExecutionId).ToArray(),
            messages.Select(m => m.VisibleAtMs).ToArray(), messages.Select(m => m.Control).ToArray(),
            messages.Select(m => m.Payload).ToArray(), now);
        s.WorkEnqueued |= messages.Any(m => (m.VisibleAtMs ?? now) <= now);
    }
}
