using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Durable.Storage.Sqlite;

/// <summary>
/// Statement helpers over the writer's connection, with prepared commands cached per SQL text.
/// Parameters are positional: $p0, $p1, ... Also collects what the batch did, for notifications.
/// </summary>
internal sealed class WriteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public bool WorkEnqueued { get; set; }
    public List<string> FinishedInstances { get; } = [];

    public void Reset()
    {
        WorkEnqueued = false;
        FinishedInstances.Clear();
    }

    public int Execute(string sql, params object?[] args) => Prepare(sql, args).ExecuteNonQuery();

    public object? Scalar(string sql, params object?[] args)
    {
        var value = Prepare(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params object?[] args)
    {
        var rows = new List<T>();
        using var reader = Prepare(sql, args).ExecuteReader();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    private SqliteCommand Prepare(string sql, object?[] args)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
#pragma warning disable CA2100 // SQL text is a constant of this assembly; values are always parameters.
            command.CommandText = sql;
#pragma warning restore CA2100
            for (var i = 0; i < args.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }
            _commands[sql] = command;
        }
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
