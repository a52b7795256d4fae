using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Statements over one connection inside the open transaction. Parameters are positional ($1, $2, ...).
/// Round trips are what a turn costs on PostgreSQL, so writes nobody reads an answer from are deferred
/// (<see cref="Defer"/>) and sent in one <see cref="NpgsqlBatch"/> with the next statement that needs
/// an answer, or with COMMIT. A deferred write that fails aborts the transaction; the writer then redoes
/// the operations one by one so only the guilty one fails (see <see cref="PgWriter"/>).
/// </summary>
internal sealed class PgSession(NpgsqlConnection connection)
{
    private readonly List<NpgsqlBatchCommand> _deferred = [];

    public NpgsqlConnection Connection { get; } = connection;

    /// <summary>Now, as UTC ticks, fixed for the operation so every statement of it agrees.</summary>
    public long Now { get; set; }

    public Sqlite.WakeUps WakeUps { get; set; }

    public void Reset()
    {
        _deferred.Clear();
        WakeUps = Sqlite.WakeUps.None;
    }

    private int _operationMark;
    private bool _flushedInOperation;

    /// <summary>Marks where the next operation's writes start.</summary>
    public void BeginOperation()
    {
        _operationMark = _deferred.Count;
        _flushedInOperation = false;
    }

    /// <summary>
    /// Drops the failed operation's deferred writes; false when some already reached the server (the
    /// writer then redoes the batch one operation per transaction).
    /// </summary>
    public bool TryUndoOperation()
    {
        if (_flushedInOperation)
        {
            return false;
        }
        _deferred.RemoveRange(_operationMark, _deferred.Count - _operationMark);
        return true;
    }

    public void Defer(string sql, params object?[] args) => _deferred.Add(Command(sql, args));

    public int Execute(string sql, params object?[] args)
    {
        using var batch = Batch(sql, args);
        batch.ExecuteNonQuery();
        return batch.BatchCommands[^1].RecordsAffected;
    }

    public object? Scalar(string sql, params object?[] args)
    {
        var rows = Rows(sql, args);
        var value = rows.Count > 0 ? rows[0][0] : null;
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// The rows of <paramref name="sql"/>. Deferred statements that return rows of their own (pg_notify,
    /// advisory locks) come first in the batch, and the reader skips statements without a result set, so
    /// the last result set read is this statement's.
    /// </summary>
    public List<object[]> Rows(string sql, params object?[] args)
    {
        using var batch = Batch(sql, args);
        using var reader = batch.ExecuteReader();
        var rows = new List<object[]>();
        do
        {
            rows.Clear();
            while (reader.Read())
            {
                var row = new object[reader.FieldCount];
                reader.GetValues(row);
                rows.Add(row);
            }
        }
        while (reader.NextResult());
        return rows;
    }

    /// <summary>Sends the deferred writes now (their errors surface here).</summary>
    public void Flush()
    {
        if (_deferred.Count == 0)
        {
            return;
        }
        using var batch = new NpgsqlBatch(Connection);
        foreach (var command in _deferred)
        {
            batch.BatchCommands.Add(command);
        }
        _flushedInOperation |= _deferred.Count > _operationMark;
        _deferred.Clear();
        _operationMark = 0;
        batch.ExecuteNonQuery();
    }

    private NpgsqlBatch Batch(string sql, object?[] args)
    {
        var batch = new NpgsqlBatch(Connection);
        foreach (var command in _deferred)
        {
            batch.BatchCommands.Add(command);
        }
        _flushedInOperation |= _deferred.Count > _operationMark;
        _deferred.Clear();
        _operationMark = 0;
        batch.BatchCommands.Add(Command(sql, args));
        return batch;
    }

    private static NpgsqlBatchCommand Command(string sql, object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var arg in args)
        {
            command.Parameters.Add(arg switch
            {
                null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                NullLongMarker => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint },
                _ => new NpgsqlParameter { Value = arg },
            });
        }
        return command;
    }

    /// <summary>A null bigint parameter (a bare null is sent as text).</summary>
    public static readonly object NullLong = new NullLongMarker();

    private sealed class NullLongMarker;
}
