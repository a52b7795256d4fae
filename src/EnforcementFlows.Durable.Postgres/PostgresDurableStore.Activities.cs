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

    public Task<IReadOnlyList<bool>> CompleteActivitiesAsync(string workerId, IReadOnlyList<ActivityResult> results, CancellationToken cancellation)
    {
        var payloads = results.Select(r => JsonData.SerializeEvent(r.Event with { Timestamp = Now() })).ToList();
        return Write<IReadOnlyList<bool>>(s => results.Select((result, i) =>
        {
            if (s.Execute("DELETE FROM activities WHERE id = @p0 AND lock_owner = @p1", result.ActivityId, workerId) == 0)
            {
                return false; // lease lost; the worker that holds it now will deliver its own result
            }
            // Results for an execution that no longer exists (purged, restarted) are dropped.
            s.Execute("""
                INSERT INTO messages (instance_id, execution_id, visible_at, control, payload)
                SELECT @p0, @p1, @p2, false, @p3 WHERE EXISTS (SELECT 1 FROM instances WHERE instance_id = @p0 AND execution_id = @p1)
                """, result.InstanceId, result.ExecutionId, NowMs, payloads[i]);
            s.WorkEnqueued = true;
            return true;
        }).ToList(), cancellation);
    }

    public Task RenewActivityLeasesAsync(string workerId, IReadOnlyList<long> activityIds, TimeSpan lease, CancellationToken cancellation)
        => activityIds.Count == 0 ? Task.CompletedTask : Write(s => s.Execute(
            "UPDATE activities SET ready_at = @p0 WHERE id = ANY(@p1) AND lock_owner = @p2",
            NowMs + (long)lease.TotalMilliseconds, activityIds.ToArray(), workerId), cancellation);
}
