using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

public sealed partial class PostgresDomainDatabase
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
}
