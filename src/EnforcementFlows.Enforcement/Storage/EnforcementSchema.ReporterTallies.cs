namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>
    /// Version 6: each reporter's reports in closed cases, and how many of those cases were enforced, kept
    /// as counters when a case closes. Counting them per assessment read every earlier report of the
    /// reporter: a prolific reporter made each of their cases slower than the last. Filled from the
    /// cases closed before the upgrade.
    /// </summary>
    public const string ReporterTallies = """
        CREATE TABLE IF NOT EXISTS ef_reporter_tallies (
            reporter_id      TEXT PRIMARY KEY,
            closed_reports   BIGINT NOT NULL,
            enforced_reports BIGINT NOT NULL
        );
        INSERT INTO ef_reporter_tallies (reporter_id, closed_reports, enforced_reports)
        SELECT s.reporter_id, COUNT(*), SUM(CASE WHEN c.status = 'enforced' THEN 1 ELSE 0 END)
        FROM ef_signals s JOIN ef_cases c ON c.case_id = s.case_id
        WHERE s.reporter_id IS NOT NULL AND c.closed_at IS NOT NULL
        GROUP BY s.reporter_id;
        """;
}
