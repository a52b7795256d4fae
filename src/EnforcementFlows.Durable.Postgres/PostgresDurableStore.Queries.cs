using System.Text;
using Npgsql;

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
        var next = await ReadAsync("""
            SELECT MIN(t) FROM (
                SELECT MIN(GREATEST(ready_at, COALESCE(lock_expires, 0))) AS t FROM instances WHERE ready_at IS NOT NULL
                UNION ALL SELECT MIN(ready_at) FROM activities) AS w
            """, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), cancellation);
        return next[0] is { } ms ? FromMs(ms) : null;
    }

    /// <summary>A read on a pooled connection, outside the writers: it never waits for a group commit.</summary>
    private async Task<List<T>> ReadAsync<T>(string sql, Func<PostgresRow, T> map, CancellationToken cancellation, params object?[] args)
    {
        await using var connection = await OpenReaderAsync(cancellation);
#pragma warning disable CA2100 // filters are parameters; only fixed fragments are concatenated
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter("p" + i, args[i] ?? DBNull.Value));
        }
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<T>();
        var row = new PostgresRow(reader);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(map(row));
        }
        return rows;
    }

    private static InstanceMetadata ReadInstance(PostgresRow r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3),
        (OrchestrationStatus)r.GetInt32(4),
        r.GetStringOrNull(5), r.GetStringOrNull(6), r.GetStringOrNull(7),
        r.IsDBNull(8) ? null : JsonData.Deserialize<TaskFailureDetails>(r.GetString(8)),
        FromMs(r.GetInt64(9)), FromMs(r.GetInt64(10)), r.IsDBNull(11) ? null : FromMs(r.GetInt64(11)),
        r.GetStringOrNull(12));
}
