namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>Version 5: named job leases (<see cref="JobLeases"/>).</summary>
    public const string Leases = """
        CREATE TABLE IF NOT EXISTS ef_leases (
            name       TEXT PRIMARY KEY,
            holder     TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        """;
}
