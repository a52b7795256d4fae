namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    // JSON is produced before entering the writer: writer connections are the store's serial resource.
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
    {
        var payload = JsonData.SerializeEvent(message with { Timestamp = Now() });
        return Write(s =>
        {
            var current = LockedStatus(s, instanceId) ?? throw new InstanceNotFoundException(instanceId);
            if (current.IsTerminal())
            {
                if (message is ExecutionTerminated)
                {
                    return 0; // terminating a finished instance changes nothing
                }
                throw new InstanceStateException($"Instance '{instanceId}' is {current}; it accepts no more messages.");
            }
            Enqueue(s, instanceId, null, payload, IsControl(message), null);
            return 0;
        }, cancellation);
    }

    /// <summary>
    /// The instance's status, with its row locked until commit so a concurrent turn cannot finish
    /// it in between. FOR UPDATE rather than FOR SHARE: the message insert updates the row next,
    /// and upgrading a shared lock is how two senders deadlock.
    /// </summary>
    private static OrchestrationStatus? LockedStatus(PostgresSession s, string instanceId)
        => s.Scalar("SELECT status FROM instances WHERE instance_id = @p0 FOR UPDATE", instanceId) is { } status
            ? (OrchestrationStatus)Convert.ToInt32(status)
            : null;

    private static bool IsControl(HistoryEvent e) => StoredRows.IsControl(e);

    private void Enqueue(PostgresSession s, string instanceId, string? executionId, HistoryEvent e, DateTimeOffset? visibleAt)
        => Enqueue(s, instanceId, executionId, JsonData.SerializeEvent(e), IsControl(e), visibleAt?.ToUnixTimeMilliseconds());

    /// <summary>An event that restarts the instance (with <paramref name="startedPayload"/>) if its execution finishes without consuming it.</summary>
    private void EnqueueSignal(PostgresSession s, string instanceId, string payload, string startedPayload)
    {
        s.DeferWrite("INSERT INTO messages (instance_id, execution_id, visible_at, control, payload, start_payload) VALUES (@p0, NULL, @p1, false, @p2, @p3)",
            instanceId, NowMs, payload, startedPayload);
        s.WorkEnqueued = true;
    }

    private void Enqueue(PostgresSession s, string instanceId, string? executionId, string payload, bool control, long? visibleAtMs)
    {
        var now = NowMs;
        var at = visibleAtMs ?? now;
        s.DeferWrite("INSERT INTO messages (instance_id, execution_id, visible_at, control, payload) VALUES (@p0, @p1, @p2, @p3, @p4)",
            instanceId, executionId, at, control, payload); // the messages_wake trigger sets ready_at
        if (at <= now)
        {
            s.WorkEnqueued = true;
        }
    }

    private static void DeleteInstanceData(PostgresSession s, string instanceId) => DeleteInstancesData(s, [instanceId]);

    private static void DeleteInstancesData(PostgresSession s, string[] instanceIds)
    {
        s.DeferWrite("DELETE FROM history WHERE instance_id = ANY(@p0)", (object)instanceIds);
        s.DeferWrite("DELETE FROM messages WHERE instance_id = ANY(@p0)", (object)instanceIds);
        s.DeferWrite("DELETE FROM activities WHERE instance_id = ANY(@p0)", (object)instanceIds);
        s.DeferWrite("DELETE FROM instances WHERE instance_id = ANY(@p0)", (object)instanceIds);
    }
}
