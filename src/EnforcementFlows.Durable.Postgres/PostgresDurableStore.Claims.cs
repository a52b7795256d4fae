namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{

    /// <summary>
    /// Leases up to <paramref name="max"/> ready instances. SKIP LOCKED: rows another worker is
    /// claiming or committing right now are passed over instead of waited for, and the lease
    /// condition is re-checked on the locked row, so two workers never both take one instance.
    /// </summary>
    public async Task<IReadOnlyList<OrchestrationWorkItem>> ClaimOrchestrationsAsync(string workerId, int max, TimeSpan lease, CancellationToken cancellation)
    {
        var (rows, messages, history) = await Write(s =>
        {
            var now = NowMs;
            var rows = s.Query("""
                UPDATE instances SET lock_owner = @p0, lock_expires = @p1
                WHERE instance_id IN (
                    SELECT instance_id FROM instances
                    WHERE ready_at <= @p2 AND (lock_expires IS NULL OR lock_expires <= @p2)
                    ORDER BY ready_at LIMIT @p3
                    FOR UPDATE SKIP LOCKED)
                RETURNING instance_id, execution_id, name, version, status, parent_instance_id, parent_execution_id, parent_task_id
                """,
                r => new ClaimedRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3),
                    (OrchestrationStatus)r.GetInt32(4),
                    r.IsDBNull(5) ? null : new ParentInstance(r.GetString(5), r.GetString(6), r.GetInt32(7))),
                workerId, now + (long)lease.TotalMilliseconds, now, max);
            if (rows.Count == 0)
            {
                return (rows, [], []);
            }
            var ids = rows.Select(r => r.InstanceId).ToArray();
            var messages = s.Query("""
                SELECT instance_id, id, execution_id, control, payload FROM messages
                WHERE instance_id = ANY(@p0) AND visible_at <= @p1
                ORDER BY id
                """,
                r => new StoredMessage(r.GetString(0), r.GetInt64(1), r.GetStringOrNull(2), r.GetBoolean(3), r.GetString(4)),
                ids, now);
            var history = s.Query("SELECT instance_id, events FROM history WHERE instance_id = ANY(@p0) ORDER BY instance_id, seq",
                r => (Instance: r.GetString(0), Events: r.GetString(1)), (object)ids);
            return (rows, messages, history);
        }, cancellation);

        return StoredRows.WorkItems(rows, messages, history);
    }

    public Task AbandonOrchestrationsAsync(string workerId, IReadOnlyList<string> instanceIds, CancellationToken cancellation)
        => Write(s =>
        {
            // Released with a short back-off so a poison turn does not spin the worker.
            return s.Execute("UPDATE instances SET lock_owner = NULL, lock_expires = @p2 WHERE instance_id = ANY(@p0) AND lock_owner = @p1",
                instanceIds.ToArray(), workerId, NowMs + 1000);
        }, cancellation);
}
