namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>
    /// Version 2: the review dashboard's claims, notes and human proposals. One text for both
    /// dialects: SQLite gives BIGINT columns integer affinity.
    /// </summary>
    public const string Dashboard = """
        -- Dashboard: a reviewer's lease on a case (one row per case; an expired lease is free to take).
        CREATE TABLE IF NOT EXISTS ef_case_claims (
            case_id    TEXT PRIMARY KEY,
            reviewer   TEXT NOT NULL,
            claimed_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );

        -- Dashboard: internal notes on a case (not sent anywhere; the audit trail records id and length).
        CREATE TABLE IF NOT EXISTS ef_case_notes (
            note_id    TEXT PRIMARY KEY,
            case_id    TEXT NOT NULL,
            author     TEXT NOT NULL,
            body       TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_ef_case_notes_case ON ef_case_notes (case_id, created_at);

        -- A human's proposal of a case's pending action (one per case). Under a two-approver rule
        -- the proposer may not be one of the approvers.
        CREATE TABLE IF NOT EXISTS ef_case_proposals (
            case_id          TEXT PRIMARY KEY,
            proposed_by      TEXT NOT NULL,
            outcome          TEXT NOT NULL,
            duration_seconds BIGINT,
            reason           TEXT NOT NULL,
            proposed_at      BIGINT NOT NULL
        );
        """;
}
