using System.Text;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Durable.Storage.Sqlite;

public sealed partial class SqliteDurableStore
{
    private const string InstanceColumns = """
        instance_id, execution_id, name, version, status, input, output, custom_status, failure,
        created_at, updated_at, completed_at, parent_instance_id
        """;

    public async Task<InstanceMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        await using var connection = await OpenReaderAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {InstanceColumns} FROM instances WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? ReadInstance(reader) : null;
    }

    public async Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellation)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        await using var connection = await OpenReaderAsync(cancellation);
        await using var command = connection.CreateCommand();
        var where = new StringBuilder("WHERE 1 = 1");
        if (query.Statuses is { Count: > 0 } statuses)
        {
            where.Append(" AND status IN (").Append(string.Join(',', statuses.Select(s => (int)s))).Append(')');
        }
        if (query.Name is not null)
        {
            where.Append(" AND name = $name");
            command.Parameters.AddWithValue("$name", query.Name);
        }
        if (query.InstanceIdPrefix is not null)
        {
            where.Append(" AND instance_id >= $prefix AND instance_id < $prefixEnd");
            command.Parameters.AddWithValue("$prefix", query.InstanceIdPrefix);
            command.Parameters.AddWithValue("$prefixEnd", query.InstanceIdPrefix + '\uffff');
        }
        if (query.CreatedFrom is { } from)
        {
            where.Append(" AND created_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }
        if (query.CreatedTo is { } to)
        {
            where.Append(" AND created_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }
        if (PageToken.TryParse(query.ContinuationToken, out var after))
        {
            where.Append(" AND (created_at < $afterAt OR (created_at = $afterAt AND instance_id < $afterId))");
            command.Parameters.AddWithValue("$afterAt", after.CreatedAt);
            command.Parameters.AddWithValue("$afterId", after.InstanceId);
        }
#pragma warning disable CA2100 // filters are parameters; only fixed fragments are concatenated
        command.CommandText = $"SELECT {InstanceColumns} FROM instances {where} ORDER BY created_at DESC, instance_id DESC LIMIT {pageSize + 1}";
#pragma warning restore CA2100
        var page = new List<InstanceMetadata>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            page.Add(ReadInstance(reader));
        }
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
        await using var connection = await OpenReaderAsync(cancellation);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT events FROM history WHERE instance_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", instanceId);
        var events = new List<HistoryEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            events.AddRange(JsonData.DeserializeEvents(reader.GetString(0)));
        }
        if (events.Count == 0 && await GetInstanceAsync(instanceId, cancellation) is null)
        {
            throw new InstanceNotFoundException(instanceId);
        }
        return events;
    }

    public Task<bool> PurgeAsync(string instanceId, CancellationToken cancellation)
        => Write(s =>
        {
            var status = s.Scalar("SELECT status FROM instances WHERE instance_id = $p0", instanceId);
            if (status is null)
            {
                return false;
            }
            var current = (OrchestrationStatus)Convert.ToInt32(status);
            if (!current.IsTerminal())
            {
                throw new InstanceStateException($"Instance '{instanceId}' is {current}; only finished instances can be purged. Terminate it first.");
            }
            DeleteInstanceData(s, instanceId);
            return true;
        }, cancellation);

    public Task<int> PurgeFinishedBeforeAsync(DateTimeOffset cutoff, int maxCount, CancellationToken cancellation)
        => Write(s =>
        {
            var ids = s.Query("SELECT instance_id FROM instances WHERE completed_at IS NOT NULL AND completed_at < $p0 LIMIT $p1",
                r => r.GetString(0), cutoff.ToUnixTimeMilliseconds(), maxCount);
            foreach (var id in ids)
            {
                DeleteInstanceData(s, id);
            }
            return ids.Count;
        }, cancellation);

    public async Task<DateTimeOffset?> GetNextWakeUpAsync(CancellationToken cancellation)
    {
        await using var connection = await OpenReaderAsync(cancellation);
        await using var command = connection.CreateCommand();
        // Due at max(ready_at, lock expiry): the first claimable instance, else the earliest lease among the
        // (few, all leased) instances ready by now, and the first one ready later; see the PostgreSQL store.
        command.CommandText = """
            SELECT MIN(t) FROM (
                SELECT COALESCE(
                    (SELECT ready_at FROM instances WHERE ready_at <= $now AND (lock_expires IS NULL OR lock_expires <= $now) ORDER BY ready_at LIMIT 1),
                    (SELECT MIN(lock_expires) FROM instances WHERE ready_at <= $now)) AS t
                UNION ALL SELECT MIN(ready_at) FROM instances WHERE ready_at > $now
                UNION ALL SELECT MIN(ready_at) FROM activities)
            """;
        command.Parameters.AddWithValue("$now", NowMs);
        var value = await command.ExecuteScalarAsync(cancellation);
        return value is null or DBNull ? null : FromMs(Convert.ToInt64(value));
    }

    private static InstanceMetadata ReadInstance(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
        (OrchestrationStatus)r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : JsonData.Deserialize<TaskFailureDetails>(r.GetString(8)),
        FromMs(r.GetInt64(9)), FromMs(r.GetInt64(10)), r.IsDBNull(11) ? null : FromMs(r.GetInt64(11)),
        r.IsDBNull(12) ? null : r.GetString(12));
}
