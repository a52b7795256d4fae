namespace EnforcementFlows.Enforcement.Storage;

internal static partial class EnforcementSchema
{
    /// <summary>Version 1 for PostgreSQL: the same tables as <see cref="Sqlite"/>, in the store's schema (search_path).</summary>
    public const string Postgres = """
        CREATE TABLE IF NOT EXISTS ef_receipts (
            source      TEXT NOT NULL,
            webhook_id  TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            signal_kind TEXT NOT NULL,
            signal_ids  TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            PRIMARY KEY (source, webhook_id)
        );

        CREATE TABLE IF NOT EXISTS ef_signals (
            kind        TEXT NOT NULL,
            signal_id   TEXT NOT NULL,
            account_id  TEXT NOT NULL,
            category    TEXT NOT NULL,
            reporter_id TEXT,
            confidence  DOUBLE PRECISION,
            held        INTEGER NOT NULL DEFAULT 0,
            payload     TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            case_id     TEXT,
            received_at BIGINT NOT NULL,
            PRIMARY KEY (kind, signal_id)
        );
        CREATE INDEX IF NOT EXISTS ix_ef_signals_case ON ef_signals (case_id);
        CREATE INDEX IF NOT EXISTS ix_ef_signals_reporter ON ef_signals (reporter_id) WHERE reporter_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_ef_signals_held ON ef_signals (received_at) WHERE held = 1;

        CREATE TABLE IF NOT EXISTS ef_sweeps (
            sweep_id      TEXT PRIMARY KEY,
            swept_at      BIGINT NOT NULL,
            accounts_seen INTEGER NOT NULL,
            flags_seen    INTEGER NOT NULL,
            cases_started TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS ef_cases (
            case_id     TEXT PRIMARY KEY,
            account_id  TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            status      TEXT NOT NULL,
            category    TEXT,
            score       DOUBLE PRECISION,
            assessment  TEXT,
            opened_at   BIGINT NOT NULL,
            updated_at  BIGINT NOT NULL,
            closed_at   BIGINT
        );
        CREATE INDEX IF NOT EXISTS ix_ef_cases_account ON ef_cases (account_id, opened_at);
        CREATE INDEX IF NOT EXISTS ix_ef_cases_opened ON ef_cases (opened_at DESC, case_id DESC);

        CREATE TABLE IF NOT EXISTS ef_accounts (
            account_id TEXT PRIMARY KEY,
            tier       TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS ef_actions (
            action_id        TEXT PRIMARY KEY,
            idempotency_key  TEXT NOT NULL UNIQUE,
            account_id       TEXT NOT NULL,
            case_id          TEXT NOT NULL,
            kind             TEXT NOT NULL,
            duration_seconds BIGINT,
            reason           TEXT,
            applied_at       BIGINT NOT NULL,
            expires_at       BIGINT,
            lifted_at        BIGINT
        );
        CREATE INDEX IF NOT EXISTS ix_ef_actions_account ON ef_actions (account_id);

        CREATE TABLE IF NOT EXISTS ef_approvals (
            request_id    TEXT PRIMARY KEY,
            case_id       TEXT NOT NULL,
            account_id    TEXT NOT NULL,
            instance_id   TEXT NOT NULL,
            approver      TEXT NOT NULL,
            stage         TEXT NOT NULL,
            token_sha256  TEXT NOT NULL UNIQUE,
            proposal      TEXT NOT NULL,
            created_at    BIGINT NOT NULL,
            expires_at    BIGINT NOT NULL,
            sent_at       BIGINT,
            used_at       BIGINT,
            decision      TEXT,
            comment       TEXT,
            superseded_at BIGINT,
            UNIQUE (case_id, stage, approver)
        );
        CREATE INDEX IF NOT EXISTS ix_ef_approvals_case ON ef_approvals (case_id);

        CREATE TABLE IF NOT EXISTS ef_audit (
            idx        BIGINT PRIMARY KEY,
            ts         TEXT NOT NULL,
            case_id    TEXT,
            account_id TEXT,
            kind       TEXT NOT NULL,
            actor      TEXT NOT NULL,
            data       TEXT NOT NULL,
            prev_hash  TEXT NOT NULL,
            hash       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_ef_audit_case ON ef_audit (case_id);
        """;
}
