namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>Version 4: each audit chain verification run from the operations page (who, when, result), kept for every process to show.</summary>
    public const string AuditChecks = """
        CREATE TABLE IF NOT EXISTS ef_audit_checks (
            check_id        TEXT PRIMARY KEY,
            checked_at      BIGINT NOT NULL,
            checked_by      TEXT NOT NULL,
            ok              INTEGER NOT NULL,
            records_checked BIGINT NOT NULL,
            first_bad_index BIGINT,
            reason          TEXT NOT NULL,
            head_hash       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_ef_audit_checks_at ON ef_audit_checks (checked_at);
        """;
}
