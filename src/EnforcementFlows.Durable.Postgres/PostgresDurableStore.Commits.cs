namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    /// <summary>A turn with its JSON already produced, so the writer only executes statements.</summary>
    private sealed record PreparedTurn(
        OrchestrationTurn Turn,
        string? HistoryJson,
        string? FailureJson,
        List<(OutboundMessage Message, string Payload, bool Control)> Messages,
        List<(NewInstance Child, string Started)> Children);

    public Task<IReadOnlyList<bool>> CommitOrchestrationsAsync(string workerId, IReadOnlyList<OrchestrationTurn> turns, CancellationToken cancellation)
    {
        var prepared = turns.Select(t => new PreparedTurn(
            t,
            t.NewHistory.Count > 0 ? JsonData.SerializeEvents(t.NewHistory) : null,
            JsonData.Serialize(t.Failure),
            t.Messages.Select(m => (m, JsonData.SerializeEvent(m.Event), IsControl(m.Event))).ToList(),
            t.SubOrchestrations.Select(c => (c, StartedPayload(c))).ToList())).ToList();
        return Write<IReadOnlyList<bool>>(s => prepared.Select(p => CommitTurn(s, workerId, p)).ToList(), cancellation);
    }

    private bool CommitTurn(PostgresSession s, string workerId, PreparedTurn prepared)
    {
        var turn = prepared.Turn;
        // Locks the row: a worker that reclaims the instance after an expired lease waits for (or skips) it.
        var owned = s.Scalar("SELECT history_seq FROM instances WHERE instance_id = @p0 AND lock_owner = @p1 AND execution_id = @p2 FOR UPDATE",
            turn.InstanceId, workerId, turn.ExecutionId);
        if (owned is null)
        {
            return false; // lease lost: another worker reclaimed this instance, its turn wins
        }
        var seq = Convert.ToInt64(owned);
        var now = NowMs;

        if (turn.ConsumedMessageIds.Count > 0)
        {
            s.Execute("DELETE FROM messages WHERE id = ANY(@p0)", (object)turn.ConsumedMessageIds.ToArray());
        }
        if (prepared.HistoryJson is not null)
        {
            s.Execute("INSERT INTO history (instance_id, seq, execution_id, events) VALUES (@p0, @p1, @p2, @p3)",
                turn.InstanceId, seq, turn.ExecutionId, prepared.HistoryJson);
            seq++;
        }
        InsertActivities(s, turn, now);

        var executionId = turn.ExecutionId;
        var status = turn.Status;
        if (turn.Restart is { } restart)
        {
            s.Execute("DELETE FROM history WHERE instance_id = @p0", turn.InstanceId);
            s.Execute("DELETE FROM activities WHERE instance_id = @p0", turn.InstanceId);
            seq = 0;
            executionId = restart.NewExecutionId;
            status = OrchestrationStatus.Running;
        }

        var terminal = status.IsTerminal();
        var (name, version) = s.Query("""
            UPDATE instances SET execution_id = @p1, status = @p2, output = @p3, failure = @p4, custom_status = COALESCE(@p5, custom_status),
                updated_at = @p6, completed_at = @p7, history_seq = @p8, input = COALESCE(@p9, input), version = COALESCE(version, @p10),
                lock_owner = NULL, lock_expires = NULL,
                ready_at = (SELECT MIN(m.visible_at) FROM messages m WHERE m.instance_id = @p0 AND (@p2 <> 2 OR m.control))
            WHERE instance_id = @p0
            RETURNING name, version
            """,
            r => (r.GetString(0), r.GetStringOrNull(1)),
            turn.InstanceId, executionId, (int)status, turn.Output, prepared.FailureJson, turn.CustomStatus,
            now, terminal ? now : null, seq, turn.Restart?.Input, turn.Version)[0];

        if (turn.Restart is { } r)
        {
            Enqueue(s, turn.InstanceId, executionId, new ExecutionStarted(name, version, r.Input) { Timestamp = Now() }, null);
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
                : s.Scalar("SELECT execution_id FROM instances WHERE instance_id = @p0", m.InstanceId) is string target
                    && (m.ExecutionId is null || m.ExecutionId == target);
            if (deliver)
            {
                Enqueue(s, m.InstanceId, m.ExecutionId, payload, control, m.VisibleAt?.ToUnixTimeMilliseconds());
            }
        }
        if (terminal)
        {
            s.FinishedInstances.Add(turn.InstanceId);
        }
        return true;
    }

    private static void InsertActivities(PostgresSession s, OrchestrationTurn turn, long now)
    {
        if (turn.Activities.Count == 0)
        {
            return;
        }
        // One statement for the turn's whole fan-out.
        var a = turn.Activities;
        s.Execute("""
            INSERT INTO activities (instance_id, execution_id, task_id, logical_id, attempt, name, input, ready_at)
            SELECT @p0, @p1, t.task_id, t.logical_id, t.attempt, t.name, t.input, @p2
            FROM unnest(@p3::integer[], @p4::integer[], @p5::integer[], @p6::text[], @p7::text[]) AS t(task_id, logical_id, attempt, name, input)
            """,
            turn.InstanceId, turn.ExecutionId, now,
            a.Select(x => x.TaskId).ToArray(), a.Select(x => x.LogicalId).ToArray(), a.Select(x => x.Attempt).ToArray(),
            a.Select(x => x.Name).ToArray(), a.Select(x => x.Input).ToArray());
        s.WorkEnqueued = true;
    }

    private void StartChild(PostgresSession s, OrchestrationTurn parent, NewInstance child, string started)
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
