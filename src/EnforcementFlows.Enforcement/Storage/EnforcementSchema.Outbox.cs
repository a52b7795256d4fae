namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>
    /// Migration 7: the workflow outbox. A domain transaction that must start or signal a workflow writes a row here;
    /// the relay delivers it to the task hub and marks it sent. Rows are kept (sent) for diagnosis until retention.
    /// The databases differ only in how the commit-order sequence is made.
    /// </summary>
    public static readonly string OutboxSqlite = Outbox("seq INTEGER PRIMARY KEY AUTOINCREMENT");

    public static readonly string OutboxPostgres = Outbox("seq BIGSERIAL PRIMARY KEY");

    private static string Outbox(string sequence) => $"""
        CREATE TABLE IF NOT EXISTS ef_workflow_outbox (
            {sequence},
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            sent_at BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS ef_workflow_outbox_unsent ON ef_workflow_outbox (seq) WHERE sent_at IS NULL;
        """;
}
