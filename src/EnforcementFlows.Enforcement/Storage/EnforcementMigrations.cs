using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>Versioned schema changes, applied in order once each; ef_schema records what ran.</summary>
internal static class EnforcementMigrations
{
    private sealed record Migration(int Version, string Sqlite, string Postgres);

    private static readonly Migration[] All =
    [
        new(1, EnforcementSchema.Sqlite, EnforcementSchema.Postgres),
        new(2, EnforcementSchema.Dashboard, EnforcementSchema.Dashboard),
        new(3, EnforcementSchema.MetricsIndexes, EnforcementSchema.MetricsIndexes),
        new(4, EnforcementSchema.AuditChecks, EnforcementSchema.AuditChecks),
        new(5, EnforcementSchema.Leases, EnforcementSchema.Leases),
        new(6, EnforcementSchema.ReporterTallies, EnforcementSchema.ReporterTallies),
        new(7, EnforcementSchema.OutboxSqlite, EnforcementSchema.OutboxPostgres),
        new(8, EnforcementSchema.Statements, EnforcementSchema.Statements),
    ];

    public static int Latest => All[^1].Version;

    public static void Apply(IDomainTransaction tx)
    {
        var postgres = tx.Dialect == "postgres";
        if (!postgres && tx.Dialect != "sqlite")
        {
            throw new NotSupportedException($"The enforcement tables have no schema for the store dialect '{tx.Dialect}'.");
        }
        tx.Script("CREATE TABLE IF NOT EXISTS ef_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        var current = Convert.ToInt32(tx.Scalar("SELECT COALESCE(MAX(version), 0) FROM ef_schema"), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Latest)
        {
            throw new InvalidOperationException($"The database's enforcement schema is version {current}; this build knows up to {Latest}. Run the newer build.");
        }
        foreach (var migration in All.Where(m => m.Version > current))
        {
            tx.Script(postgres ? migration.Postgres : migration.Sqlite);
            tx.Execute("INSERT INTO ef_schema (version, applied_at) VALUES ($p0, $p1)", migration.Version, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }
}
