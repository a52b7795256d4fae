using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Storage;

public static class EnforcementStorage
{
    /// <summary>Advisory lock keys (PostgreSQL): one per purpose, shared by every process on the database.</summary>
    internal const long SchemaLock = 0x4546_5343_4845_4D41; // "EFSCHEMA"
    internal const long AuditLock = 0x4546_4155_4449_5431;  // "EFAUDIT1"

    /// <summary>Takes the audit chain's lock until COMMIT; a DO block returns no result set, so it can ride in front of a query.</summary>
    internal static readonly string TakeAuditLock = $"DO 'BEGIN PERFORM pg_advisory_xact_lock({AuditLock}); END'";

    /// <summary>The enforcement schema version this build creates and expects.</summary>
    public static int SchemaVersion => EnforcementMigrations.Latest;

    /// <summary>
    /// Creates or migrates the enforcement tables in the runtime's database. Safe to run from several
    /// processes at once: on PostgreSQL the migration holds an advisory lock until it commits; SQLite
    /// has one writer per database anyway.
    /// </summary>
    public static Task EnsureSchemaAsync(IDomainDatabase store, CancellationToken cancellation)
        => store.RunInTransactionAsync(tx =>
        {
            if (tx.Dialect == "postgres")
            {
                tx.Execute($"SELECT pg_advisory_xact_lock({SchemaLock})");
            }
            EnforcementMigrations.Apply(tx);
            return 0;
        }, cancellation);
}
