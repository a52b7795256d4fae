namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    /// <summary>
    /// Creates the instance, or restarts a finished one; a running one is left alone. A new id, the
    /// common case, costs one statement: the instance row and its ExecutionStarted message together
    /// (the messages_wake trigger sees the new row and makes it ready).
    /// </summary>
    private StartOutcome Start(PostgresSession s, NewInstance instance, string startedPayload)
    {
        while (true)
        {
            var executionId = Guid.NewGuid().ToString("N");
            var now = NowMs;
            var inserted = s.Execute(InsertIfAbsent, InsertArgs(instance, executionId, now, startedPayload));
            if (inserted == 1)
            {
                s.WorkEnqueued |= StartsBy(instance, now);
                return new StartOutcome(true, executionId);
            }
            var existing = s.Query("SELECT status, execution_id FROM instances WHERE instance_id = @p0 FOR UPDATE",
                r => ((OrchestrationStatus)r.GetInt32(0), r.GetString(1)), instance.InstanceId);
            if (existing.Count == 1 && !existing[0].Item1.IsTerminal())
            {
                return new StartOutcome(false, existing[0].Item2);
            }
            if (existing.Count == 1)
            {
                DeleteInstanceData(s, instance.InstanceId);
            }
            // Finished (now deleted) or purged since the insert: insert again.
        }
    }

    /// <summary>See <see cref="IDurableTransaction.StartIfAbsent"/>: the insert of <see cref="Start"/> without a look at the outcome.</summary>
    private void StartIfAbsent(PostgresSession s, NewInstance instance, string startedPayload)
    {
        var now = NowMs;
        s.DeferWrite(InsertIfAbsent, InsertArgs(instance, Guid.NewGuid().ToString("N"), now, startedPayload));
        s.WorkEnqueued |= StartsBy(instance, now);
    }

    private const string InsertIfAbsent = """
        WITH created AS (
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, parent_instance_id, parent_execution_id, parent_task_id, created_at, updated_at, start_at)
            VALUES (@p0, @p1, @p2, @p3, 0, @p4, @p5, @p6, @p7, @p8, @p8, @p10)
            ON CONFLICT (instance_id) DO NOTHING
            RETURNING instance_id)
        INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
        SELECT instance_id, @p1, COALESCE(@p10, @p8), false, @p9 FROM created
        """;

    private static bool StartsBy(NewInstance instance, long now) => instance.StartAt is not { } at || at.ToUnixTimeMilliseconds() <= now;

    private static object?[] InsertArgs(NewInstance instance, string executionId, long now, string startedPayload) =>
    [
        instance.InstanceId, executionId, instance.Name, instance.Version, instance.Input,
        instance.Parent?.InstanceId, instance.Parent?.ExecutionId, instance.Parent?.TaskId, now, startedPayload,
        instance.StartAt?.ToUnixTimeMilliseconds(),
    ];
}
