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
        // One round trip creates the absent ones with their ExecutionStarted and locks the ones that were there.
        var found = s.Query(CreateOrLock, r => (Id: r.GetString(0), Status: r.IsDBNull(1) ? (OrchestrationStatus?)null : (OrchestrationStatus)r.GetInt32(1)),
            fresh.Select(f => f.Instance.InstanceId).ToArray(), fresh.Select(f => f.ExecutionId).ToArray(), fresh.Select(f => f.Instance.Name).ToArray(),
            fresh.Select(f => f.Instance.Version).ToArray(), fresh.Select(f => f.Instance.Input).ToArray(), fresh.Select(f => f.Started).ToArray(), now)
            .ToDictionary(r => r.Id, r => r.Status, StringComparer.Ordinal);
        foreach (var f in fresh)
        {
            // A finished one starts again as Start does; so does one that is neither created nor seen (a concurrent
            // transaction created it after this statement's snapshot: Start finds it running). Both are rare.
            if (!found.TryGetValue(f.Instance.InstanceId, out var status) || status is { } s0 && s0.IsTerminal())
            {
                Start(s, f.Instance, f.Started);
            }
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
    /// Inserts the instances that do not exist and their ExecutionStarted messages (returned with a null status),
    /// and locks those that did (returned with their status). All parts share one snapshot: the lock sees only rows
    /// that existed before the statement.
    /// </summary>
    private const string CreateOrLock = """
        WITH created AS (
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, created_at, updated_at)
            SELECT t.instance_id, t.execution_id, t.name, t.version, 0, t.input, @p6, @p6
            FROM unnest(@p0::text[], @p1::text[], @p2::text[], @p3::text[], @p4::text[]) AS t(instance_id, execution_id, name, version, input)
            ON CONFLICT (instance_id) DO NOTHING
            RETURNING instance_id, execution_id),
        started AS (
            INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
            SELECT c.instance_id, c.execution_id, @p6, false, m.payload
            FROM created c JOIN unnest(@p0::text[], @p5::text[]) WITH ORDINALITY AS m(instance_id, payload, position) USING (instance_id)
            ORDER BY m.position),
        existing AS MATERIALIZED (
            SELECT instance_id, status FROM instances WHERE instance_id = ANY(@p0) ORDER BY instance_id FOR UPDATE)
        SELECT instance_id, NULL::integer FROM created
        UNION ALL
        SELECT instance_id, status FROM existing
        """;
}
