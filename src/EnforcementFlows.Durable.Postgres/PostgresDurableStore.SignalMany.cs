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
    /// Signal-with-start of many instances (a detector's array of flags): one statement creates the
    /// instances that do not exist, one more looks at those that did, and the messages ride along with
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
        var created = s.Query("""
            INSERT INTO instances (instance_id, execution_id, name, version, status, input, created_at, updated_at)
            SELECT t.instance_id, t.execution_id, t.name, t.version, 0, t.input, @p5, @p5
            FROM unnest(@p0::text[], @p1::text[], @p2::text[], @p3::text[], @p4::text[]) AS t(instance_id, execution_id, name, version, input)
            ON CONFLICT (instance_id) DO NOTHING
            RETURNING instance_id
            """, r => r.GetString(0),
            fresh.Select(f => f.Instance.InstanceId).ToArray(), fresh.Select(f => f.ExecutionId).ToArray(), fresh.Select(f => f.Instance.Name).ToArray(),
            fresh.Select(f => f.Instance.Version).ToArray(), fresh.Select(f => f.Instance.Input).ToArray(), now).ToHashSet(StringComparer.Ordinal);
        var createdNow = fresh.Where(f => created.Contains(f.Instance.InstanceId)).ToList();
        if (createdNow.Count > 0)
        {
            s.DeferWrite("""
                INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
                SELECT m.instance_id, m.execution_id, @p3, false, m.payload
                FROM unnest(@p0::text[], @p1::text[], @p2::text[]) WITH ORDINALITY AS m(instance_id, execution_id, payload, position)
                ORDER BY m.position
                """, createdNow.Select(f => f.Instance.InstanceId).ToArray(), createdNow.Select(f => f.ExecutionId).ToArray(), createdNow.Select(f => f.Started).ToArray(), now);
        }
        var existing = fresh.Where(f => !created.Contains(f.Instance.InstanceId)).ToList();
        if (existing.Count > 0)
        {
            // Running ones just get the signal; a finished (or meanwhile purged) one starts again as Start does (rare: one at a time).
            var present = s.Query("SELECT instance_id, status FROM instances WHERE instance_id = ANY(@p0) ORDER BY instance_id FOR UPDATE",
                r => (Id: r.GetString(0), Status: (OrchestrationStatus)r.GetInt32(1)), (object)existing.Select(f => f.Instance.InstanceId).ToArray())
                .ToDictionary(r => r.Id, r => r.Status, StringComparer.Ordinal);
            foreach (var f in existing)
            {
                if (!present.TryGetValue(f.Instance.InstanceId, out var status) || status.IsTerminal())
                {
                    Start(s, f.Instance, f.Started);
                }
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
}
