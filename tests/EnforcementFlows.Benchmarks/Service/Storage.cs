using Microsoft.Data.Sqlite;
using Npgsql;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>Where a benchmark run's service keeps its data, and a way to count its cases behind its back.</summary>
internal sealed record Storage(string Name, IReadOnlyDictionary<string, string> Settings, Func<string, long> Count)
{
    public static Storage Sqlite(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "enforcementflows.db");
        return new Storage("SQLite", new Dictionary<string, string>(), sql =>
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    /// <summary>A fresh schema on the given server (several processes of one run share it).</summary>
    public static Storage Postgres(string connectionString, string label)
    {
        var schema = $"bench_{label}_{Guid.NewGuid():N}"[..40];
        // Pooled: the progress poll runs every 20 ms, and a new server process per poll would load the machine being measured.
        var reader = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
        return new Storage($"PostgreSQL ({label})", new Dictionary<string, string>
        {
            ["EnforcementFlows__Storage__Provider"] = "Postgres",
            ["EnforcementFlows__Storage__ConnectionString"] = connectionString,
            ["EnforcementFlows__Storage__Schema"] = schema,
        }, sql =>
        {
            using var connection = new NpgsqlConnection(reader);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });
    }
}
