using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// A reader connection with its prepared statements, rented from a small pool. WAL readers run beside
/// the writer without waiting; keeping the statements prepared saves compiling them on every turn.
/// </summary>
internal sealed class ReadSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly ReadSessionPool _pool;

    public ReadSession(ReadSessionPool pool, string connectionString)
    {
        _pool = pool;
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
    }

    public SqliteConnection Connection { get; }

    public SqliteCommand Prepared(string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            _prepared[sql] = command;
        }
        command.Transaction = null;
        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
        }
        return command;
    }

    /// <summary>Gives the session back to the pool (not a close).</summary>
    public void Dispose() => _pool.Return(this);

    public void Close()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }
        Connection.Dispose();
    }
}

internal sealed class ReadSessionPool(string connectionString) : IDisposable
{
    private const int Kept = 8;
    private readonly ConcurrentBag<ReadSession> _idle = [];

    public ReadSession Rent() => _idle.TryTake(out var session) ? session : new ReadSession(this, connectionString);

    public void Return(ReadSession session)
    {
        if (_idle.Count < Kept)
        {
            _idle.Add(session);
        }
        else
        {
            session.Close();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Close();
        }
    }
}
