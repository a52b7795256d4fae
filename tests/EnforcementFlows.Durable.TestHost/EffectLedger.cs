using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Durable.TestHost;

/// <summary>
/// The outside world of the crash test: a separate SQLite file where each activity delivery is
/// logged and each effect is applied once per idempotency key (check-then-insert in one transaction).
/// </summary>
public sealed class EffectLedger
{
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    public EffectLedger(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" +
                "CREATE TABLE IF NOT EXISTS deliveries (key TEXT NOT NULL, pid INTEGER NOT NULL);" +
                "CREATE TABLE IF NOT EXISTS effects (key TEXT NOT NULL, value TEXT NOT NULL);");
        Current = this;
    }

    public static EffectLedger? Current { get; private set; }

    public void Apply(string key, string value)
    {
        lock (_gate)
        {
            using var c = Open();
            using var tx = c.BeginTransaction();
            Exec(c, "INSERT INTO deliveries (key, pid) VALUES ($k, $pid)", ("$k", key), ("$pid", Environment.ProcessId));
            using var check = c.CreateCommand();
            check.CommandText = "SELECT COUNT(*) FROM effects WHERE key = $k";
            check.Parameters.AddWithValue("$k", key);
            if (Convert.ToInt64(check.ExecuteScalar()) == 0)
            {
                Exec(c, "INSERT INTO effects (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
            }
            tx.Commit();
        }
    }

    public static List<(string Key, string Value)> ReadEffects(string path) => Read(path, "SELECT key, value FROM effects");

    public static int CountDeliveries(string path) => Read(path, "SELECT key, '' FROM deliveries").Count;

    private static List<(string, string)> Read(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), r.GetString(1)));
        }
        return rows;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql, params (string Name, object Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        cmd.ExecuteNonQuery();
    }
}
