using Npgsql;

namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// Statement helpers over a writer's connection. Parameters are positional: @p0, @p1, ...
/// Round trips are the cost to cut: transaction control (BEGIN, SAVEPOINT, RELEASE) and writes
/// whose result nobody reads are deferred and sent in one <see cref="NpgsqlBatch"/> with the next
/// statement that needs an answer (or by <see cref="Flush"/>). Statements run in the order they
/// were issued either way. Also collects what the batch did, for notifications after COMMIT.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection)
{
    private readonly List<NpgsqlBatchCommand> _deferred = [];
    private readonly List<(NpgsqlBatchCommand Command, int Rows)> _expected = [];

    public bool WorkEnqueued { get; set; }
    public List<string> FinishedInstances { get; } = [];
    public CommitParticipants Participants { get; } = new();

    /// <summary>
    /// A statement failed on the server since this was last cleared. Set even when the caller catches
    /// and rethrows something else: the error may belong to an earlier operation's deferred write.
    /// </summary>
    public bool ServerErrorSeen { get; set; }

    /// <summary>Deferred writes are waiting: their errors surface at the next round trip.</summary>
    public bool HasPendingWrites { get; private set; }

    /// <summary>Writes with an expected row count were deferred and not yet checked: they must be sent before COMMIT.</summary>
    public bool HasUncheckedExpectations => _expected.Count > 0;

    public void Reset()
    {
        WorkEnqueued = false;
        FinishedInstances.Clear();
        Participants.Clear();
        ServerErrorSeen = false;
        _deferred.Clear();
        _expected.Clear();
        HasPendingWrites = false;
    }

    /// <summary>Queues transaction control to ride along with the next round trip.</summary>
    public void Defer(string sql) => _deferred.Add(new NpgsqlBatchCommand(sql));

    /// <summary>Queues a write whose row count nobody needs.</summary>
    public void DeferWrite(string sql, params object?[] args) => DeferWrite(sql, args, null);

    /// <summary>Queues a write; with <paramref name="expectedRows"/>, the round trip that sends it checks its row count.</summary>
    public void DeferWrite(string sql, object?[] args, int? expectedRows)
    {
        var command = Command(sql, args);
        _deferred.Add(command);
        if (expectedRows is { } rows)
        {
            _expected.Add((command, rows));
        }
        HasPendingWrites = true;
    }

    /// <summary>Sends whatever is deferred now.</summary>
    public void Flush()
    {
        if (_deferred.Count > 0)
        {
            using var batch = Batch(null);
            Send(batch, b => b.ExecuteNonQuery());
            CheckExpectations();
        }
    }

    /// <summary>Runs SQL text with several statements and no parameters (a batch command holds only one).</summary>
    public void Script(string sql)
    {
        Flush();
#pragma warning disable CA2100 // schema scripts and application SQL, never user input
        using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    public int Execute(string sql, params object?[] args)
    {
        using var batch = Batch(Command(sql, args));
        Send(batch, b => b.ExecuteNonQuery());
        CheckExpectations();
        return checked((int)batch.BatchCommands[^1].RecordsAffected);
    }

    public object? Scalar(string sql, params object?[] args)
    {
        var rows = Query(sql, r => r.IsDBNull(0) ? null : r.GetValue(0), args);
        return rows.Count == 0 ? null : rows[0];
    }

    public List<T> Query<T>(string sql, Func<PostgresRow, T> map, params object?[] args)
    {
        using var batch = Batch(Command(sql, args));
        using var reader = Send(batch, b => b.ExecuteReader());
        // Deferred statements come first and return no columns; the query's result follows them.
        while (reader.FieldCount == 0 && reader.NextResult())
        {
        }
        var rows = new List<T>();
        var row = new PostgresRow(reader);
        while (reader.Read())
        {
            rows.Add(map(row));
        }
        CheckExpectations(); // the deferred writes' results came before the query's
        return rows;
    }

    /// <summary>
    /// Verifies the writes that expected a row count, after a round trip (which sends every deferred write). A miss
    /// is treated like a server error: it may belong to an earlier operation's write, so the batch runs again
    /// carefully and only the guilty operation fails.
    /// </summary>
    private void CheckExpectations()
    {
        var sent = _expected.ToList();
        _expected.Clear();
        foreach (var (command, rows) in sent)
        {
            if (command.RecordsAffected != rows)
            {
                ServerErrorSeen = true;
                throw new UnexpectedRowCountException(rows, command.RecordsAffected);
            }
        }
    }

    private T Send<T>(NpgsqlBatch batch, Func<NpgsqlBatch, T> execute)
    {
        try
        {
            return execute(batch);
        }
        catch (PostgresException)
        {
            ServerErrorSeen = true;
            throw;
        }
    }

    private NpgsqlBatch Batch(NpgsqlBatchCommand? last)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var deferred in _deferred)
        {
            batch.BatchCommands.Add(deferred);
        }
        _deferred.Clear();
        HasPendingWrites = false;
        if (last is not null)
        {
            batch.BatchCommands.Add(last);
        }
        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.Add(new NpgsqlParameter("p" + i, args[i] ?? DBNull.Value));
        }
        return command;
    }
}
