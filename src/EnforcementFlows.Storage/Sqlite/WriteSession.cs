using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EnforcementFlows.Storage.Sqlite;

/// <summary>
/// Statement helpers over the writer's connection. The writer thread is the store's serial
/// resource, so hot statements run on SQLite's own API (prepared once, bound, stepped, reset)
/// rather than through ADO.NET's per-call machinery. Parameters are positional: $p0, $p1, ...
/// </summary>
internal sealed class WriteSession(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, (sqlite3_stmt Stmt, int[] Index)> _statements = new(StringComparer.Ordinal);
    private readonly sqlite3 _db = connection.Handle!;

    public CommitParticipants Participants { get; } = new();

    public void Reset()
    {
        Participants.Clear();
    }

    /// <summary>Runs SQL text with several statements and no parameters (schema, transaction control).</summary>
    public void Script(string sql) => Check(raw.sqlite3_exec(_db, sql));

    public int Execute(string sql, params object?[] args)
    {
        var stmt = Bind(sql, args);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
            }
            Check(rc);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    public object? Scalar(string sql, params object?[] args)
    {
        var stmt = Bind(sql, args);
        try
        {
            var rc = raw.sqlite3_step(stmt);
            if (rc == raw.SQLITE_ROW)
            {
                var row = new Row(stmt);
                var value = row.IsDBNull(0) ? null : raw.sqlite3_column_type(stmt, 0) == raw.SQLITE_INTEGER ? (object)row.GetInt64(0) : row.GetString(0);
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                }
                Check(rc);
                return value;
            }
            Check(rc);
            return null;
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    public List<T> Query<T>(string sql, Func<Row, T> map, params object?[] args)
    {
        var rows = new List<T>();
        var stmt = Bind(sql, args);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                rows.Add(map(new Row(stmt)));
            }
            Check(rc);
            return rows;
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    private sqlite3_stmt Bind(string sql, object?[] args)
    {
        if (!_statements.TryGetValue(sql, out var prepared))
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out var created));
            // SQLite numbers named parameters by first appearance in the text, not by name: map $pN to its slot.
            var index = Enumerable.Range(0, args.Length).Select(i => raw.sqlite3_bind_parameter_index(created, "$p" + i)).ToArray();
            _statements[sql] = prepared = (created, index);
        }
        var (stmt, slots) = prepared;
        if (slots.Length != args.Length)
        {
            throw new ArgumentException($"Statement expects {slots.Length} parameters, got {args.Length}.");
        }
        for (var i = 0; i < args.Length; i++)
        {
            var index = slots[i];
            Check(args[i] switch
            {
                null => raw.sqlite3_bind_null(stmt, index),
                string s => raw.sqlite3_bind_text(stmt, index, s),
                int n => raw.sqlite3_bind_int64(stmt, index, n),
                long n => raw.sqlite3_bind_int64(stmt, index, n),
                bool b => raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0),
                double d => raw.sqlite3_bind_double(stmt, index, d),
                _ => throw new ArgumentException($"Unsupported parameter type {args[i]!.GetType()}."),
            });
        }
        return stmt;
    }

    private void Check(int rc)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc);
        }
    }

    public void Dispose()
    {
        foreach (var (stmt, _) in _statements.Values)
        {
            stmt.Dispose();
        }
        _statements.Clear();
    }

    /// <summary>The current row of a stepping statement.</summary>
    internal readonly struct Row(sqlite3_stmt stmt) : IRowReader
    {
        public bool IsDBNull(int i) => raw.sqlite3_column_type(stmt, i) == raw.SQLITE_NULL;
        public string GetString(int i) => raw.sqlite3_column_text(stmt, i).utf8_to_string();
        public long GetInt64(int i) => raw.sqlite3_column_int64(stmt, i);
        public int GetInt32(int i) => raw.sqlite3_column_int(stmt, i);
        public double GetDouble(int i) => raw.sqlite3_column_double(stmt, i);
    }
}
