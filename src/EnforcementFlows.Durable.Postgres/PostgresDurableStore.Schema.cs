using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore
{
    /// <summary>
    /// Brings the schema to the latest version. Several processes may start at once: a
    /// transaction-scoped advisory lock (keyed by the schema name) lets one migrate while the
    /// others wait and then find the work done.
    /// </summary>
    private int Migrate(PostgresSession s)
    {
        s.Execute("SELECT pg_advisory_xact_lock(@p0)", MigrationLockKey(_options.Schema));
        // Schema is validated as a plain lower-case identifier, so it needs no quoting.
        s.Script($"""
            CREATE SCHEMA IF NOT EXISTS {_options.Schema};
            CREATE TABLE IF NOT EXISTS {_options.Schema}.schema_version (version integer NOT NULL);
            """);
        var current = Convert.ToInt32(s.Scalar($"SELECT COALESCE(MAX(version), 0) FROM {_options.Schema}.schema_version"));
        var latest = PostgresSchema.Migrations.Length;
        if (current > latest)
        {
            throw new InvalidOperationException($"Schema '{_options.Schema}' has version {current}; this build understands up to {latest}.");
        }
        for (var version = current + 1; version <= latest; version++)
        {
            s.Script(PostgresSchema.Migrations[version - 1]);
            s.Execute($"INSERT INTO {_options.Schema}.schema_version (version) VALUES (@p0)", version);
        }
        return latest;
    }

    private static long MigrationLockKey(string schema)
        => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("EnforcementFlows.Durable.Postgres/" + schema)), 0);
}
