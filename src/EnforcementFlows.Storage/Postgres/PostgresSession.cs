using System.Globalization;
using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>
/// Statement helpers over a writer's connection. Parameters are positional: @p0, @p1, ...
/// Round trips are the cost to cut: transaction control (BEGIN, SAVEPOINT, RELEASE) and writes
/// whose result nobody reads are deferred and sent in one <see cref="NpgsqlBatch"/> with the next
/// statement that needs an answer (or by <see cref="Flush"/>). Statements run in the order they
/// were issued either way.
/// </summary>
internal sealed class PostgresSession(NpgsqlConnection connection)
{
    /// <summary>The SQLSTATE expect_rows raises.</summary>
    private const string GuardMissed = "EF001";

    private const string GuardPrefix = "WITH guarded AS (";

    private readonly List<NpgsqlBatchCommand> _deferred = [];

    public CommitParticipants Participants { get; } = new();

    /// <summary>
    /// A statement failed on the server since this was last cleared. Set even when the caller catches
    /// and rethrows something else: the error may belong to an earlier operation's deferred write.
    /// </summary>
    public bool ServerErrorSeen { get; set; }

    /// <summary>Deferred writes are waiting: their errors surface at the next round trip.</summary>
    public bool HasPendingWrites { get; private set; }

    public void Reset()
    {
        Participants.Clear();
        ServerErrorSeen = false;
        _deferred.Clear();
        HasPendingWrites = false;
    }

    /// <summary>Queues transaction control to ride along with the next round trip.</summary>
    public void Defer(string sql) => _deferred.Add(new NpgsqlBatchCommand(sql));

    /// <summary>Queues a write whose row count nobody needs.</summary>
    public void DeferWrite(string sql, params object?[] args) => DeferWrite(sql, args, null);

    /// <summary>
    /// Queues a write; with <paramref name="expectedRows"/>, the server checks its row count (expect_rows, created at start):
    /// a miss aborts the transaction with EF001, reported as <see cref="UnexpectedRowCountException"/>. The write can
    /// then ride with COMMIT: the writer runs the batch again carefully, and only the guilty operation fails.
    /// <paramref name="sql"/> must be an INSERT, UPDATE or DELETE without RETURNING.
    /// </summary>
    public void DeferWrite(string sql, object?[] args, int? expectedRows)
    {
        _deferred.Add(expectedRows is { } rows
            ? Command($"{GuardPrefix}{sql} RETURNING 1) SELECT expect_rows(COUNT(*), @p{args.Length}) FROM guarded", [.. args, rows])
            : Command(sql, args));
        HasPendingWrites = true;
    }

    /// <summary>Sends whatever is deferred now.</summary>
    public void Flush()
    {
        if (_deferred.Count > 0)
        {
            using var batch = Batch(null);
            Send(batch, b => b.ExecuteNonQuery());
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
        // Reading is inside Send: a deferred write's error (a guard's miss too) surfaces while passing its result.
        return Send(batch, b =>
        {
            using var reader = b.ExecuteReader();
            // The deferred statements' results come first: the reader passes over those without rows, and a guarded
            // write's check (one row, no value) is passed here; the query's result is the last.
            for (var guard = 0; guard < b.BatchCommands.Count - 1; guard++)
            {
                if (b.BatchCommands[guard].CommandText.StartsWith(GuardPrefix, StringComparison.Ordinal))
                {
                    reader.NextResult();
                }
            }
            var rows = new List<T>();
            var row = new PostgresRow(reader);
            while (reader.Read())
            {
                rows.Add(map(row));
            }
            return rows;
        });
    }

    private T Send<T>(NpgsqlBatch batch, Func<NpgsqlBatch, T> execute)
    {
        try
        {
            return execute(batch);
        }
        catch (PostgresException ex) when (ex.SqlState == GuardMissed)
        {
            // Like any server error, it may belong to an earlier operation's deferred write: the writer decides.
            ServerErrorSeen = true;
            var counts = System.Text.RegularExpressions.Regex.Matches(ex.MessageText, "[0-9]+").Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            throw new UnexpectedRowCountException(counts.Count == 2 ? (int)counts[0] : -1, counts.Count == 2 ? counts[1] : -1);
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
