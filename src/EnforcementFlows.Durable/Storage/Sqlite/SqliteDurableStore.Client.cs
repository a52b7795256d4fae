namespace EnforcementFlows.Durable.Storage.Sqlite;

public sealed partial class SqliteDurableStore
{
    // JSON is produced before entering the writer: the writer thread is the store's one serial resource.
    public Task<StartOutcome> StartAsync(NewInstance instance, CancellationToken cancellation)
    {
        var started = StartedPayload(instance);
        return Write(s => Start(s, instance, started), cancellation);
    }

    public Task<StartOutcome> SignalWithStartAsync(NewInstance instance, EventRaised signal, CancellationToken cancellation)
    {
        var started = StartedPayload(instance);
        var payload = JsonData.SerializeEvent(signal with { Timestamp = Now() });
        return Write(s =>
        {
            var outcome = Start(s, instance, started);
            EnqueueSignal(s, instance.InstanceId, payload, started);
            return outcome;
        }, cancellation);
    }

    private string StartedPayload(NewInstance instance) => StoredRows.StartedPayload(instance, Now());

    public Task SendAsync(string instanceId, HistoryEvent message, CancellationToken cancellation)
        => Write(s =>
        {
            var status = s.Scalar("SELECT status FROM instances WHERE instance_id = $p0", instanceId)
                ?? throw new InstanceNotFoundException(instanceId);
            var current = (OrchestrationStatus)Convert.ToInt32(status);
            if (current.IsTerminal())
            {
                if (message is ExecutionTerminated)
                {
                    return 0; // terminating a finished instance changes nothing
                }
                throw new InstanceStateException($"Instance '{instanceId}' is {current}; it accepts no more messages.");
            }
            Enqueue(s, instanceId, null, message with { Timestamp = Now() }, null);
            return 0;
        }, cancellation);

    /// <summary>Creates the instance, or restarts a finished one; a running one is left alone.</summary>
    private StartOutcome Start(WriteSession s, NewInstance instance, string startedPayload)
    {
        var now = NowMs;
        var existing = s.Query("SELECT status, execution_id FROM instances WHERE instance_id = $p0",
            r => ((OrchestrationStatus)r.GetInt32(0), r.GetString(1)), instance.InstanceId);
        if (existing.Count == 1 && !existing[0].Item1.IsTerminal())
        {
            return new StartOutcome(false, existing[0].Item2);
        }

        var executionId = Guid.NewGuid().ToString("N");
        if (existing.Count == 1)
        {
            DeleteInstanceData(s, instance.InstanceId);
        }
        var startAt = instance.StartAt?.ToUnixTimeMilliseconds();
        s.Execute("""
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, parent_instance_id, parent_execution_id, parent_task_id, created_at, updated_at, start_at)
            VALUES ($p0, $p1, $p2, $p3, 0, $p4, $p5, $p6, $p7, $p8, $p8, $p9)
            """,
            instance.InstanceId, executionId, instance.Name, instance.Version, instance.Input,
            instance.Parent?.InstanceId, instance.Parent?.ExecutionId, instance.Parent?.TaskId, now, startAt);
        Enqueue(s, instance.InstanceId, executionId, startedPayload, false, startAt);
        return new StartOutcome(true, executionId);
    }

    private void Enqueue(WriteSession s, string instanceId, string? executionId, HistoryEvent e, DateTimeOffset? visibleAt)
        => Enqueue(s, instanceId, executionId, JsonData.SerializeEvent(e), IsControl(e), visibleAt?.ToUnixTimeMilliseconds());

    private static bool IsControl(HistoryEvent e) => StoredRows.IsControl(e);

    /// <summary>An event that restarts the instance (with <paramref name="startedPayload"/>) if its execution finishes without consuming it.</summary>
    private void EnqueueSignal(WriteSession s, string instanceId, string payload, string startedPayload)
    {
        s.Execute("INSERT INTO messages (instance_id, execution_id, visible_at, control, payload, start_payload) VALUES ($p0, NULL, $p1, 0, $p2, $p3)",
            instanceId, NowMs, payload, startedPayload);
        s.WorkEnqueued = true;
    }

    private void Enqueue(WriteSession s, string instanceId, string? executionId, string payload, bool control, long? visibleAtMs)
    {
        var now = NowMs;
        var at = visibleAtMs ?? now;
        s.Execute("INSERT INTO messages (instance_id, execution_id, visible_at, control, payload) VALUES ($p0, $p1, $p2, $p3, $p4)",
            instanceId, executionId, at, control ? 1 : 0, payload); // the messages_wake trigger sets ready_at
        if (at <= now)
        {
            s.WorkEnqueued = true;
        }
    }

    private static void DeleteInstanceData(WriteSession s, string instanceId)
    {
        s.Execute("DELETE FROM history WHERE instance_id = $p0", instanceId);
        s.Execute("DELETE FROM messages WHERE instance_id = $p0", instanceId);
        s.Execute("DELETE FROM activities WHERE instance_id = $p0", instanceId);
        s.Execute("DELETE FROM instances WHERE instance_id = $p0", instanceId);
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;
}
