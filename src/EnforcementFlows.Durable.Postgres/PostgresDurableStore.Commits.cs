namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// Orchestration commits, set-based: however many turns a worker commits at once, the batch
/// costs one round trip to lock the leases and one to write (each kind of row with one
/// statement over arrays), plus one per restart batch and per sub-orchestration start.
/// </summary>
public sealed partial class PostgresDurableStore
{
    public Task<IReadOnlyList<bool>> CommitOrchestrationsAsync(string workerId, IReadOnlyList<OrchestrationTurn> turns, CancellationToken cancellation)
    {
        var prepared = turns.Select(t => new PreparedTurn(
            t,
            t.NewHistory.Count > 0 ? JsonData.SerializeEvents(t.NewHistory) : null,
            JsonData.Serialize(t.Failure),
            t.Messages.Select(m => new PreparedMessage(m.InstanceId, m.ExecutionId, m.VisibleAt?.ToUnixTimeMilliseconds(), IsControl(m.Event), JsonData.SerializeEvent(m.Event))).ToList(),
            t.SubOrchestrations.Select(c => (c, StartedPayload(c))).ToList())).ToList();
        return Write<IReadOnlyList<bool>>(s =>
        {
            var leases = LockLeases(s, workerId, turns);
            // A turn whose lease was lost writes nothing: another worker reclaimed the instance, its turn wins.
            var owned = prepared.Where(p => leases.ContainsKey((p.Turn.InstanceId, p.Turn.ExecutionId))).ToList();
            if (owned.Count > 0)
            {
                CommitTurns(s, owned, leases);
            }
            return turns.Select(t => leases.ContainsKey((t.InstanceId, t.ExecutionId))).ToList();
        }, cancellation);
    }

    /// <summary>
    /// Locks the rows of the turns this worker still holds and returns their history positions.
    /// Rows are locked in id order so writers committing overlapping batches queue up instead of
    /// deadlocking. A worker reclaiming an instance after an expired lease skips a locked row and
    /// finds the lease released once this commits.
    /// </summary>
    private static Dictionary<(string, string), long> LockLeases(PostgresSession s, string workerId, IReadOnlyList<OrchestrationTurn> turns)
        => s.Query("""
            SELECT instance_id, execution_id, history_seq FROM instances
            WHERE instance_id = ANY(@p0) AND lock_owner = @p1
            ORDER BY instance_id FOR UPDATE
            """, r => (Key: (r.GetString(0), r.GetString(1)), Seq: r.GetInt64(2)), turns.Select(t => t.InstanceId).ToArray(), workerId)
            .ToDictionary(x => x.Key, x => x.Seq);

    private void CommitTurns(PostgresSession s, List<PreparedTurn> turns, Dictionary<(string, string), long> leases)
    {
        var now = NowMs;
        var consumed = turns.SelectMany(t => t.Turn.ConsumedMessageIds).ToArray();
        if (consumed.Length > 0)
        {
            s.DeferWrite("DELETE FROM messages WHERE id = ANY(@p0)", (object)consumed);
        }
        // A restart replaces history and pending activities, so its turn adds neither.
        var continuing = turns.Where(t => t.Turn.Restart is null).ToList();
        AppendHistory(s, continuing, leases);
        InsertActivities(s, continuing, now);
        var restarts = turns.Where(t => t.Turn.Restart is not null).Select(t => t.Turn.InstanceId).ToArray();
        if (restarts.Length > 0)
        {
            s.DeferWrite("DELETE FROM history WHERE instance_id = ANY(@p0)", (object)restarts);
            s.DeferWrite("DELETE FROM activities WHERE instance_id = ANY(@p0)", (object)restarts);
        }
        UpdateInstances(s, turns, leases, now);

        var messages = RestartMessages(s, turns, restarts);
        foreach (var turn in turns)
        {
            foreach (var (child, started) in turn.Children)
            {
                StartChild(s, turn.Turn, child, started);
            }
        }
        // After the children exist, so a turn may message the child it just started.
        messages.AddRange(turns.SelectMany(t => t.Messages));
        DeliverMessages(s, messages, now);
        var finished = turns.Where(t => t.Turn.Restart is null && t.Turn.Status.IsTerminal()).Select(t => t.Turn.InstanceId).ToArray();
        var restarted = RestartForPendingSignals(s, finished);
        s.FinishedInstances.AddRange(finished.Except(restarted));
    }

    /// <summary>
    /// A signal-with-start event that arrived after a finishing turn was claimed would otherwise be
    /// dropped with the finished execution: the instance starts again and receives it.
    /// </summary>
    private List<string> RestartForPendingSignals(PostgresSession s, string[] finished)
    {
        if (finished.Length == 0)
        {
            return [];
        }
        var pending = s.Query("""
            SELECT DISTINCT ON (instance_id) instance_id, start_payload FROM messages
            WHERE instance_id = ANY(@p0) AND start_payload IS NOT NULL ORDER BY instance_id, id
            """, r => (Id: r.GetString(0), Started: r.GetString(1)), (object)finished);
        foreach (var (id, startedJson) in pending)
        {
            var begin = (ExecutionStarted)JsonData.DeserializeEvent(startedJson);
            var executionId = Guid.NewGuid().ToString("N");
            s.DeferWrite("DELETE FROM history WHERE instance_id = @p0", id);
            s.DeferWrite("DELETE FROM messages WHERE instance_id = @p0 AND execution_id IS NOT NULL", id);
            s.DeferWrite("DELETE FROM activities WHERE instance_id = @p0", id);
            s.DeferWrite("""
                UPDATE instances SET execution_id = @p1, status = 0, input = @p2, output = NULL, failure = NULL, custom_status = NULL,
                    completed_at = NULL, history_seq = 0, updated_at = @p3, start_at = NULL
                WHERE instance_id = @p0
                """, id, executionId, begin.Input, NowMs);
            // The ExecutionStarted queues behind the waiting events; the executor buffers them until the code waits.
            Enqueue(s, id, executionId, begin with { Timestamp = Now() }, null);
        }
        return pending.Select(p => p.Id).ToList();
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
