using System.Text.Json;

namespace EnforcementFlows.Durable.Storage.Sqlite;

public sealed partial class SqliteDurableStore
{


    public async Task<IReadOnlyList<OrchestrationWorkItem>> ClaimOrchestrationsAsync(string workerId, int max, TimeSpan lease, CancellationToken cancellation)
    {
        var (rows, messages, history) = await Write(s =>
        {
            var now = NowMs;
            var rows = s.Query("""
                UPDATE instances SET lock_owner = $p0, lock_expires = $p1
                WHERE instance_id IN (
                    SELECT instance_id FROM instances
                    WHERE ready_at <= $p2 AND (lock_expires IS NULL OR lock_expires <= $p2)
                    ORDER BY ready_at LIMIT $p3)
                RETURNING instance_id, execution_id, name, version, status, parent_instance_id, parent_execution_id, parent_task_id
                """,
                r => new ClaimedRow(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    (OrchestrationStatus)r.GetInt32(4),
                    r.IsDBNull(5) ? null : new ParentInstance(r.GetString(5), r.GetString(6), r.GetInt32(7))),
                workerId, now + (long)lease.TotalMilliseconds, now, max);
            if (rows.Count == 0)
            {
                return (rows, [], []);
            }
            var ids = JsonSerializer.Serialize(rows.Select(r => r.InstanceId));
            var messages = s.Query("""
                SELECT instance_id, id, execution_id, control, payload FROM messages
                WHERE instance_id IN (SELECT value FROM json_each($p0)) AND visible_at <= $p1
                ORDER BY id
                """,
                r => new StoredMessage(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3) == 1, r.GetString(4)),
                ids, now);
            var history = s.Query("""
                SELECT instance_id, events FROM history
                WHERE instance_id IN (SELECT value FROM json_each($p0))
                ORDER BY instance_id, seq
                """, r => (Instance: r.GetString(0), Events: r.GetString(1)), ids);
            return (rows, messages, history);
        }, cancellation);

        return StoredRows.WorkItems(rows, messages, history);
    }

    /// <summary>A turn with its JSON already produced, so the writer only executes statements.</summary>
    private sealed record PreparedTurn(
        OrchestrationTurn Turn,
        string? HistoryJson,
        string? FailureJson,
        string? ConsumedJson,
        List<(OutboundMessage Message, string Payload, bool Control)> Messages,
        List<(NewInstance Child, string Started)> Children);

    public Task<IReadOnlyList<bool>> CommitOrchestrationsAsync(string workerId, IReadOnlyList<OrchestrationTurn> turns, CancellationToken cancellation)
    {
        var prepared = turns.Select(t => new PreparedTurn(
            t,
            t.NewHistory.Count > 0 ? JsonData.SerializeEvents(t.NewHistory) : null,
            JsonData.Serialize(t.Failure),
            t.ConsumedMessageIds.Count > 0 ? JsonSerializer.Serialize(t.ConsumedMessageIds) : null,
            t.Messages.Select(m => (m, JsonData.SerializeEvent(m.Event), IsControl(m.Event))).ToList(),
            t.SubOrchestrations.Select(c => (c, StartedPayload(c))).ToList())).ToList();
        return Write<IReadOnlyList<bool>>(s => prepared.Select(p => CommitTurn(s, workerId, p)).ToList(), cancellation);
    }

    public Task AbandonOrchestrationsAsync(string workerId, IReadOnlyList<string> instanceIds, CancellationToken cancellation)
        => Write(s =>
        {
            // Released with a short back-off so a poison turn does not spin the worker.
            var retryAt = NowMs + 1000;
            foreach (var id in instanceIds)
            {
                s.Execute("UPDATE instances SET lock_owner = NULL, lock_expires = $p2 WHERE instance_id = $p0 AND lock_owner = $p1", id, workerId, retryAt);
            }
            return 0;
        }, cancellation);

    private bool CommitTurn(WriteSession s, string workerId, PreparedTurn prepared)
    {
        var turn = prepared.Turn;
        var owned = s.Scalar("SELECT history_seq FROM instances WHERE instance_id = $p0 AND lock_owner = $p1 AND execution_id = $p2",
            turn.InstanceId, workerId, turn.ExecutionId);
        if (owned is null)
        {
            return false; // lease lost: another worker reclaimed this instance, its turn wins
        }
        var seq = Convert.ToInt64(owned);
        var now = NowMs;

        if (prepared.ConsumedJson is not null)
        {
            s.Execute("DELETE FROM messages WHERE id IN (SELECT value FROM json_each($p0))", prepared.ConsumedJson);
        }
        if (prepared.HistoryJson is not null)
        {
            s.Execute("INSERT INTO history (instance_id, seq, execution_id, events) VALUES ($p0, $p1, $p2, $p3)",
                turn.InstanceId, seq, turn.ExecutionId, prepared.HistoryJson);
            seq++;
        }
        foreach (var a in turn.Activities)
        {
            s.Execute("""
                INSERT INTO activities (instance_id, execution_id, task_id, logical_id, attempt, name, input, ready_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)
                """, turn.InstanceId, turn.ExecutionId, a.TaskId, a.LogicalId, a.Attempt, a.Name, a.Input, now);
            s.WorkEnqueued = true;
        }

        var executionId = turn.ExecutionId;
        var status = turn.Status;
        if (turn.Restart is { } restart)
        {
            s.Execute("DELETE FROM history WHERE instance_id = $p0", turn.InstanceId);
            s.Execute("DELETE FROM activities WHERE instance_id = $p0", turn.InstanceId);
            seq = 0;
            executionId = restart.NewExecutionId;
            status = OrchestrationStatus.Running;
        }

        var terminal = status.IsTerminal();
        s.Execute("""
            UPDATE instances SET execution_id = $p1, status = $p2, output = $p3, failure = $p4, custom_status = COALESCE($p5, custom_status),
                updated_at = $p6, completed_at = $p7, history_seq = $p8, input = COALESCE($p9, input), version = COALESCE(version, $p10),
                lock_owner = NULL, lock_expires = NULL,
                ready_at = (SELECT MIN(CASE WHEN m.control = 1 THEN m.visible_at ELSE MAX(m.visible_at, COALESCE(instances.start_at, 0)) END)
                    FROM messages m WHERE m.instance_id = $p0 AND ($p2 <> 2 OR m.control = 1))
            WHERE instance_id = $p0
            """,
            turn.InstanceId, executionId, (int)status, turn.Output, prepared.FailureJson, turn.CustomStatus,
            now, terminal ? now : null, seq, turn.Restart?.Input, turn.Version);

        if (turn.Restart is { } r)
        {
            var name = s.Scalar("SELECT name FROM instances WHERE instance_id = $p0", turn.InstanceId) as string;
            var version = s.Scalar("SELECT version FROM instances WHERE instance_id = $p0", turn.InstanceId) as string;
            Enqueue(s, turn.InstanceId, executionId, new ExecutionStarted(name!, version, r.Input) { Timestamp = Now() }, null);
            foreach (var carried in r.CarryOverEvents)
            {
                Enqueue(s, turn.InstanceId, executionId, carried, null);
            }
        }
        foreach (var (child, started) in prepared.Children)
        {
            StartChild(s, turn, child, started);
        }
        foreach (var (m, payload, control) in prepared.Messages)
        {
            // Messages to itself (timers) need no lookup; others go only to the execution they were meant for.
            var deliver = m.InstanceId == turn.InstanceId
                ? m.ExecutionId is null || m.ExecutionId == executionId
                : s.Scalar("SELECT execution_id FROM instances WHERE instance_id = $p0", m.InstanceId) is string target
                    && (m.ExecutionId is null || m.ExecutionId == target);
            if (deliver)
            {
                Enqueue(s, m.InstanceId, m.ExecutionId, payload, control, m.VisibleAt?.ToUnixTimeMilliseconds());
            }
        }
        if (terminal && !RestartForPendingSignal(s, turn.InstanceId))
        {
            s.FinishedInstances.Add(turn.InstanceId);
        }
        return true;
    }

    /// <summary>
    /// A signal-with-start event that arrived after this turn was claimed would otherwise be
    /// dropped with the finished execution: the instance starts again and receives it.
    /// </summary>
    private bool RestartForPendingSignal(WriteSession s, string instanceId)
    {
        var started = s.Query("SELECT start_payload FROM messages WHERE instance_id = $p0 AND start_payload IS NOT NULL ORDER BY id LIMIT 1",
            r => r.GetString(0), instanceId);
        if (started.Count == 0)
        {
            return false;
        }
        var begin = (ExecutionStarted)JsonData.DeserializeEvent(started[0]);
        var executionId = Guid.NewGuid().ToString("N");
        s.Execute("DELETE FROM history WHERE instance_id = $p0", instanceId);
        s.Execute("DELETE FROM messages WHERE instance_id = $p0 AND execution_id IS NOT NULL", instanceId);
        s.Execute("DELETE FROM activities WHERE instance_id = $p0", instanceId);
        s.Execute("""
            UPDATE instances SET execution_id = $p1, status = 0, input = $p2, output = NULL, failure = NULL, custom_status = NULL,
                completed_at = NULL, history_seq = 0, updated_at = $p3, start_at = NULL
            WHERE instance_id = $p0
            """, instanceId, executionId, begin.Input, NowMs);
        // The ExecutionStarted queues behind the waiting events; the executor buffers them until the code waits.
        Enqueue(s, instanceId, executionId, begin with { Timestamp = Now() }, null);
        return true;
    }

    private void StartChild(WriteSession s, OrchestrationTurn parent, NewInstance child, string started)
    {
        var outcome = Start(s, child, started);
        if (!outcome.Created)
        {
            // The id belongs to another running instance: fail the parent's call instead of adopting it.
            var failure = new TaskFailureDetails(typeof(InstanceStateException).FullName!,
                $"Cannot start sub-orchestration '{child.InstanceId}': an instance with that id is already running.");
            Enqueue(s, parent.InstanceId, parent.ExecutionId, new SubOrchestrationFailed(child.Parent!.TaskId, failure) { Timestamp = Now() }, null);
        }
    }
}
