namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
        => Write(s =>
        {
            var current = LockedStatus(s, instanceId);
            if (current is null)
            {
                return false;
            }
            if (!current.Value.IsTerminal())
            {
                throw new InstanceStateException($"Instance '{instanceId}' is {current}; only finished instances can be purged. Terminate it first.");
            }
            DeleteInstanceData(s, instanceId);
            return true;
        }, cancellation);

    public Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int maxCount, CancellationToken cancellation)
        => Write(s =>
        {
            // SKIP LOCKED: a row being restarted or purged by another process right now is left for the next sweep.
            var ids = s.Query("""
                SELECT instance_id FROM instances WHERE completed_at IS NOT NULL AND completed_at < @p0
                LIMIT @p1 FOR UPDATE SKIP LOCKED
                """, r => r.GetString(0), cutoff.ToUnixTimeMilliseconds(), maxCount).ToArray();
            if (ids.Length > 0)
            {
                DeleteInstancesData(s, ids);
            }
            return ids.Length;
        }, cancellation);
}
