using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// What one write operation sees: the writer's connection inside the open transaction, and flags
/// saying which in-process waiters to wake once the transaction has committed.
/// </summary>
internal sealed class WriteContext(SqliteConnection connection)
{
    public SqliteConnection Connection { get; } = connection;

    /// <summary>Now, as UTC ticks, fixed for the operation so every statement of it agrees.</summary>
    public long Now { get; set; }

    public WakeUps WakeUps { get; set; }

    public SqliteCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        var result = command.ExecuteScalar();
        return result is DBNull ? null : result;
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
