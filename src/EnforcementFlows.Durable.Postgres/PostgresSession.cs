using Npgsql;

namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// Statement helpers over a writer's connection. Parameters are positional: @p0, @p1, ...
/// Transaction control (BEGIN, SAVEPOINT, RELEASE) is deferred and sent in the same round trip
/// as the next statement (one <see cref="NpgsqlBatch"/>), so savepoints cost no extra trips.
/// Also collects what the batch did, for notifications after COMMIT.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection)
{
    private readonly List<string> _deferred = [];

    public bool WorkEnqueued { get; set; }
    public List<string> FinishedInstances { get; } = [];

    public void Reset()
    {
        WorkEnqueued = false;
        FinishedInstances.Clear();
        _deferred.Clear();
    }

    /// <summary>Queues a statement without parameters or results to ride along with the next one.</summary>
    public void Defer(string sql) => _deferred.Add(sql);

    /// <summary>Sends the deferred statements and then <paramref name="sql"/> (e.g. COMMIT) now.</summary>
    public void Flush(string sql) => Execute(sql);

    /// <summary>Runs SQL text with several statements and no parameters (a batch command holds only one).</summary>
    public void Script(string sql)
    {
#pragma warning disable CA2100 // schema scripts and application SQL, never user input
        using var command = new NpgsqlCommand(string.Concat(_deferred.Select(d => d + ";\n")) + sql, connection);
#pragma warning restore CA2100
        _deferred.Clear();
        command.ExecuteNonQuery();
    }

    public int Execute(string sql, params object?[] args)
    {
        using var batch = Batch(sql, args);
        batch.ExecuteNonQuery();
        return checked((int)batch.BatchCommands[^1].RecordsAffected);
    }

    public object? Scalar(string sql, params object?[] args)
    {
        var rows = Query(sql, r => r.IsDBNull(0) ? null : r.GetValue(0), args);
        return rows.Count == 0 ? null : rows[0];
    }

    public List<T> Query<T>(string sql, Func<PostgresRow, T> map, params object?[] args)
    {
        using var batch = Batch(sql, args);
        using var reader = batch.ExecuteReader();
        // Deferred control statements come first and return no columns.
        while (reader.FieldCount == 0 && reader.NextResult())
        {
        }
        var rows = new List<T>();
        var row = new PostgresRow(reader);
        while (reader.Read())
        {
            rows.Add(map(row));
        }
        return rows;
    }

    private NpgsqlBatch Batch(string sql, object?[] args)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var deferred in _deferred)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(deferred));
        }
        _deferred.Clear();
        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter("p" + i, args[i] ?? DBNull.Value));
        }
        batch.BatchCommands.Add(command);
        return batch;
    }
}
