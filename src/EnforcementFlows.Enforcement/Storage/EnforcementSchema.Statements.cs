namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>
    /// Migration 8 (DSA): statements of reasons (DSA Art. 17), one per applied action, written in the action's transaction. <c>decided_by</c>
    /// keeps who approved (JSON array) for the appeal's "not the same reviewer" rule; it is never part of the statement the account
    /// sees. The <c>tdb_*</c> columns track submission to the Transparency Database (Art. 24(5)), when the connector is on.
    /// </summary>
    public const string Statements = """
        CREATE TABLE IF NOT EXISTS ef_statements (
            statement_id       TEXT PRIMARY KEY,
            action_id          TEXT NOT NULL UNIQUE,
            case_id            TEXT NOT NULL,
            account_id         TEXT NOT NULL,
            category           TEXT NOT NULL,
            policy_hash        TEXT NOT NULL,
            automated_decision INTEGER NOT NULL,
            decided_by         TEXT NOT NULL,
            issued_at          BIGINT NOT NULL,
            body               TEXT NOT NULL,
            tdb_state          TEXT NOT NULL DEFAULT 'pending',
            tdb_attempts       INTEGER NOT NULL DEFAULT 0,
            tdb_next_at        BIGINT NOT NULL DEFAULT 0,
            tdb_error          TEXT,
            tdb_submitted_at   BIGINT
        );
        CREATE INDEX IF NOT EXISTS ix_ef_statements_case ON ef_statements (case_id);
        CREATE INDEX IF NOT EXISTS ix_ef_statements_tdb ON ef_statements (tdb_next_at) WHERE tdb_state = 'pending';

        -- Outcome notices (DSA Art. 16(5) to reporters, Art. 20(4) to the account): one signed event per recipient and outcome; the
        -- notice id is the event's webhook-id, so a redelivery is the same message.
        CREATE TABLE IF NOT EXISTS ef_notices (
            notice_id      TEXT PRIMARY KEY,
            case_id        TEXT NOT NULL,
            recipient_kind TEXT NOT NULL,
            recipient_id   TEXT NOT NULL,
            body           TEXT NOT NULL,
            created_at     BIGINT NOT NULL,
            next_at        BIGINT NOT NULL DEFAULT 0,
            attempts       INTEGER NOT NULL DEFAULT 0,
            last_error     TEXT,
            sent_at        BIGINT
        );
        CREATE INDEX IF NOT EXISTS ix_ef_notices_case ON ef_notices (case_id);
        CREATE INDEX IF NOT EXISTS ix_ef_notices_unsent ON ef_notices (next_at) WHERE sent_at IS NULL;

        -- Appeals (internal complaints, Art. 20): at most one per statement. Its review links live in ef_approvals with
        -- case_id = appeal_id. The statement's facts are copied for the overturn metrics by category, policy and path.
        CREATE TABLE IF NOT EXISTS ef_appeals (
            appeal_id          TEXT PRIMARY KEY,
            statement_id       TEXT NOT NULL UNIQUE,
            action_id          TEXT NOT NULL,
            case_id            TEXT NOT NULL,
            account_id         TEXT NOT NULL,
            category           TEXT NOT NULL,
            policy_hash        TEXT NOT NULL,
            model_version      TEXT,
            automated_decision INTEGER NOT NULL,
            source             TEXT NOT NULL,
            text               TEXT NOT NULL,
            instance_id        TEXT NOT NULL,
            status             TEXT NOT NULL,
            received_at        BIGINT NOT NULL,
            decided_at         BIGINT,
            decided_by         TEXT,
            reason             TEXT,
            timed_out          INTEGER NOT NULL DEFAULT 0,
            reversal_key       TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_ef_appeals_received ON ef_appeals (received_at);
        """;
}
