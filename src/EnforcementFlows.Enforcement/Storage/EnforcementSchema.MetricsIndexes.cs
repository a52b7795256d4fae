namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>
    /// Version 3: the metrics page reads time windows of signals, closed cases, actions and
    /// decisions; without these it scans whole tables. Same text for both dialects.
    /// </summary>
    public const string MetricsIndexes = """
        CREATE INDEX IF NOT EXISTS ix_ef_signals_received ON ef_signals (received_at);
        CREATE INDEX IF NOT EXISTS ix_ef_cases_closed ON ef_cases (closed_at) WHERE closed_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_ef_actions_applied ON ef_actions (applied_at);
        CREATE INDEX IF NOT EXISTS ix_ef_approvals_used ON ef_approvals (used_at) WHERE used_at IS NOT NULL;
        """;
}
