namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    /// <summary>Leases up to <paramref name="max"/> activities; SKIP LOCKED as for orchestrations.</summary>
    public Task<IReadOnlyList<ActivityWorkItem>> ClaimActivitiesAsync(string workerId, int max, TimeSpan lease, CancellationToken cancellation)
        => Write<IReadOnlyList<ActivityWorkItem>>(s =>
        {
            var now = NowMs;
            return s.Query("""
                UPDATE activities SET lock_owner = @p0, ready_at = @p1, deliveries = deliveries + 1
                WHERE id IN (SELECT id FROM activities WHERE ready_at <= @p2 ORDER BY ready_at, id LIMIT @p3 FOR UPDATE SKIP LOCKED)
                RETURNING id, instance_id, execution_id, task_id, logical_id, attempt, name, input, deliveries
                """,
                r => new ActivityWorkItem(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4),
                    r.GetInt32(5), r.GetString(6), r.GetStringOrNull(7), r.GetInt32(8)),
                workerId, now + (long)lease.TotalMilliseconds, now, max);
        }, cancellation);

    /// <summary>
    /// One statement for the whole group: results whose lease is still ours delete their activity
    /// and enter the instance's inbox (in the order given), unless that execution no longer exists
    /// (purged, restarted). A lost lease means another worker owns the call and delivers its own.
    /// </summary>
    public async Task<IReadOnlyList<bool>> CompleteActivitiesAsync(string workerId, IReadOnlyList<ActivityResult> results, CancellationToken cancellation)
    {
        var ids = results.Select(r => r.ActivityId).ToArray();
        var payloads = results.Select(r => JsonData.SerializeEvent(r.Event with { Timestamp = Now() })).ToArray();
        var completed = await Write(s =>
        {
            var done = s.Query("""
                WITH done AS (
                    DELETE FROM activities WHERE id = ANY(@p0) AND lock_owner = @p1
                    RETURNING id, instance_id, execution_id),
                delivered AS (
                    INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
                    SELECT d.instance_id, d.execution_id, @p2, false, r.payload
                    FROM unnest(@p0::bigint[], @p3::text[]) WITH ORDINALITY AS r(id, payload, position)
                    JOIN done d ON d.id = r.id
                    WHERE EXISTS (SELECT 1 FROM instances i WHERE i.instance_id = d.instance_id AND i.execution_id = d.execution_id)
                    ORDER BY r.position)
                SELECT id FROM done
                """, r => r.GetInt64(0), ids, workerId, NowMs, payloads).ToHashSet();
            s.WorkEnqueued |= done.Count > 0;
            return done;
        }, cancellation);
        return ids.Select(completed.Contains).ToList();
    }

    public Task RenewActivityLeasesAsync(string workerId, IReadOnlyList<long> activityIds, TimeSpan lease, CancellationToken cancellation)
        => activityIds.Count == 0 ? Task.CompletedTask : Write(s => s.Execute(
            "UPDATE activities SET ready_at = @p0 WHERE id = ANY(@p1) AND lock_owner = @p2",
            NowMs + (long)lease.TotalMilliseconds, activityIds.ToArray(), workerId), cancellation);
}
