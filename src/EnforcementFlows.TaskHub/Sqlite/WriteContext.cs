using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// What one write operation sees: the writer's connection inside the open transaction, and flags
/// saying which in-process waiters to wake once the transaction has committed.
/// </summary>
internal sealed class WriteContext(SqliteConnection connection) : IDisposable
{
    public SqliteConnection Connection { get; } = connection;

    /// <summary>Now, as UTC ticks, fixed for the operation so every statement of it agrees.</summary>
    public long Now { get; set; }

    public WakeUps WakeUps { get; set; }

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>A new command, owned by the caller (for statements that vary or are read with a reader).</summary>
    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters) => Prepared(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        var result = Prepared(sql, parameters).ExecuteScalar();
        return result is DBNull ? null : result;
    }

    /// <summary>
    /// The writer runs the same few statements all day: each SQL text keeps one prepared command on the
    /// writer's connection, so SQLite compiles it once, not on every write.
    /// </summary>
    private SqliteCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Command(sql);
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            _prepared[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[parameters[i].Name].Value = parameters[i].Value ?? DBNull.Value;
        }
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }
        _prepared.Clear();
    }
}

[Flags]
internal enum WakeUps
{
    None = 0,
    Orchestrations = 1,
    Activities = 2,
    InstanceChanged = 4,
}
