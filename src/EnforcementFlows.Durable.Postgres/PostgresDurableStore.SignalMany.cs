namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    /// <summary>Signal-with-start of one instance inside a transaction.</summary>
    private StartOutcome SignalWithStart(PostgresSession s, NewInstance instance, EventRaised signal)
    {
        var started = StartedPayload(instance);
        var outcome = Start(s, instance, started);
        EnqueueSignal(s, instance.InstanceId, JsonData.SerializeEvent(signal with { Timestamp = Now() }), started);
        return outcome;
    }

    /// <summary>
    /// Signal-with-start of many instances (a detector's array of flags, a batch of reports): one statement
    /// creates the instances that do not exist and locks those that did, and the signals ride along with
    /// the next round trip, instead of a round trip per signal. Same effect as one call per item, in order.
    /// Children and scheduled starts (rare here) go one at a time.
    /// </summary>
    private void SignalWithStart(PostgresSession s, IReadOnlyList<(NewInstance Instance, EventRaised Signal)> items)
    {
        if (items.Any(i => i.Instance.Parent is not null || i.Instance.StartAt is not null))
        {
            foreach (var (instance, signal) in items)
            {
                SignalWithStart(s, instance, signal);
            }
            return;
        }
        var now = NowMs;
        var first = new Dictionary<string, (NewInstance Instance, string Started, string ExecutionId)>(StringComparer.Ordinal);
        foreach (var (instance, _) in items)
        {
            first.TryAdd(instance.InstanceId, (instance, StartedPayload(instance), Guid.NewGuid().ToString("N")));
        }
        // Sorted, so two transactions creating or locking overlapping instances take them in one order.
        var fresh = first.Values.OrderBy(f => f.Instance.InstanceId, StringComparer.Ordinal).ToList();
        // One round trip creates the absent ones with their ExecutionStarted, locks the running ones and names the finished ones.
        var finished = s.Query(CreateOrLock, r => r.GetString(0),
            fresh.Select(f => f.Instance.InstanceId).ToArray(), fresh.Select(f => f.ExecutionId).ToArray(), fresh.Select(f => f.Instance.Name).ToArray(),
            fresh.Select(f => f.Instance.Version).ToArray(), fresh.Select(f => f.Instance.Input).ToArray(), fresh.Select(f => f.Started).ToArray(), now)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var f in fresh.Where(f => finished.Contains(f.Instance.InstanceId)))
        {
            Start(s, f.Instance, f.Started); // a finished one starts again as Start does (rare: one at a time)
        }
        s.DeferWrite("""
            INSERT INTO messages (instance_id, execution_id, visible_at, control, payload, start_payload)
            SELECT m.instance_id, NULL, @p3, false, m.payload, m.start_payload
            FROM unnest(@p0::text[], @p1::text[], @p2::text[]) WITH ORDINALITY AS m(instance_id, payload, start_payload, position)
            ORDER BY m.position
            """, items.Select(i => i.Instance.InstanceId).ToArray(), items.Select(i => JsonData.SerializeEvent(i.Signal with { Timestamp = Now() })).ToArray(),
            items.Select(i => first[i.Instance.InstanceId].Started).ToArray(), now);
        s.WorkEnqueued = true;
    }

    /// <summary>
    /// Inserts the instances that do not exist, with their ExecutionStarted messages, and returns the ids of those that
    /// exist and have finished. ON CONFLICT DO UPDATE locks every existing row (FOR NO KEY UPDATE), also those its WHERE
    /// leaves unchanged, through the primary key: a separate SELECT ... FOR UPDATE of the existing ones would be one more
    /// round trip, and its prepared plan, made while the table was small, scanned the whole table once it was not.
    /// </summary>
    private const string CreateOrLock = """
        WITH touched AS (
            INSERT INTO instances AS i (instance_id, execution_id, name, version, status, input, created_at, updated_at)
            SELECT t.instance_id, t.execution_id, t.name, t.version, 0, t.input, @p6, @p6
            FROM unnest(@p0::text[], @p1::text[], @p2::text[], @p3::text[], @p4::text[]) AS t(instance_id, execution_id, name, version, input)
            ON CONFLICT (instance_id) DO UPDATE SET updated_at = i.updated_at WHERE i.status >= 3 -- finished: Completed, Failed, Terminated
            RETURNING i.instance_id, i.execution_id, i.status),
        started AS (
            INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
            SELECT c.instance_id, c.execution_id, @p6, false, m.payload
            FROM touched c JOIN unnest(@p0::text[], @p5::text[]) WITH ORDINALITY AS m(instance_id, payload, position) USING (instance_id)
            WHERE c.status = 0
            ORDER BY m.position)
        SELECT instance_id FROM touched WHERE status >= 3
        """;
}
