using Npgsql;

namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
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
