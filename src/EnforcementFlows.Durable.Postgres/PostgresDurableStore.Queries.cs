using System.Text;

namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    private const string InstanceColumns = """
        instance_id, execution_id, name, version, status, input, output, custom_status, failure,
        created_at, updated_at, completed_at, parent_instance_id
        """;

    public async Task<InstanceMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        var rows = await ReadAsync($"SELECT {InstanceColumns} FROM instances WHERE instance_id = @p0", ReadInstance, cancellation, instanceId);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellation)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var where = new StringBuilder("WHERE true");
        var args = new List<object?>();
        string Arg(object? value)
        {
            args.Add(value);
            return "@p" + (args.Count - 1);
        }
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Append(" AND status = ANY(").Append(Arg(statuses.Select(s => (int)s).ToArray())).Append(')');
        }
        if (query.Name is not null)
        {
            where.Append(" AND name = ").Append(Arg(query.Name));
        }
        if (query.InstanceIdPrefix is not null)
        {
            // A range, not LIKE, so the primary key index serves it and '%' or '_' in ids mean themselves.
            where.Append(" AND instance_id >= ").Append(Arg(query.InstanceIdPrefix))
                .Append(" AND instance_id < ").Append(Arg(query.InstanceIdPrefix + '\uffff'));
        }
        if (query.CreatedFrom is { } from)
        {
            where.Append(" AND created_at >= ").Append(Arg(from.ToUnixTimeMilliseconds()));
        }
        if (query.CreatedTo is { } to)
        {
            where.Append(" AND created_at < ").Append(Arg(to.ToUnixTimeMilliseconds()));
        }
        if (PageToken.TryParse(query.ContinuationToken, out var after))
        {
            where.Append(" AND (created_at, instance_id) < (").Append(Arg(after.CreatedAt)).Append(", ").Append(Arg(after.InstanceId)).Append(')');
        }
        var page = await ReadAsync($"SELECT {InstanceColumns} FROM instances {where} ORDER BY created_at DESC, instance_id DESC LIMIT {pageSize + 1}",
            ReadInstance, cancellation, [.. args]);
        if (page.Count <= pageSize)
        {
            return new InstancePage(page, null);
        }
        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return new InstancePage(page, PageToken.Format(last.CreatedAt.ToUnixTimeMilliseconds(), last.InstanceId));
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation)
    {
        var turns = await ReadAsync("SELECT events FROM history WHERE instance_id = @p0 ORDER BY seq", r => r.GetString(0), cancellation, instanceId);
        var events = turns.SelectMany(JsonData.DeserializeEvents).ToList();
        if (events.Count == 0 && await GetInstanceAsync(instanceId, cancellation) is null)
        {
            throw new InstanceNotFoundException(instanceId);
        }
        return events;
    }

    public async Task<DateTimeOffset?> GetNextWakeUpAsync(CancellationToken cancellation)
    {
        // An instance is due at max(ready_at, lock expiry). Only instances ready by now can hold a lease (a
        // claim needs ready_at <= now, and ready_at only moves earlier while leased). So: the first claimable
        // one in ready_at order (the index scan stops there, past at most the leased ones); if none, every
        // instance ready by now is leased, and those are few; then the first one ready later. Neither the
        // instances waiting on timers (each restriction waiting to be lifted) nor a backlog is read row by row.
        // The leased ones are read in ready_at order, at most 1,000: a plain MIN over "ready by now" was planned
        // as a scan of the whole table (51 ms per call) when the statistics, taken while many instances were
        // ready, overestimated them. The answer is a hint: a nap is capped by the poll interval anyway.
        var next = await ReadAsync("""
            SELECT MIN(t) FROM (
                SELECT COALESCE(
                    (SELECT ready_at FROM instances WHERE ready_at <= @p0 AND (lock_expires IS NULL OR lock_expires <= @p0) ORDER BY ready_at LIMIT 1),
                    (SELECT MIN(lock_expires) FROM (SELECT lock_expires FROM instances WHERE ready_at <= @p0 ORDER BY ready_at LIMIT 1000) AS leased)) AS t
                UNION ALL SELECT MIN(ready_at) FROM instances WHERE ready_at > @p0
                UNION ALL SELECT MIN(ready_at) FROM activities) AS w
            """, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), cancellation, NowMs);
        return next[0] is { } ms ? FromMs(ms) : null;
    }
}
