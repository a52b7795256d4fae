namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// Enforcement tables, in the runtime's database so intake, case state and audit commit
/// atomically with workflow state. Times are Unix milliseconds. Each dialect's version 1 is
/// written out in full (EnforcementSchema.Postgres.cs mirrors this file); later versions append
/// migrations to <see cref="EnforcementMigrations"/>.
/// </summary>
internal static partial class EnforcementSchema
{
    public const string Sqlite = """
        -- Webhook receipts: dedupe on (source, webhook-id) with the body hash to spot conflicts.
        CREATE TABLE IF NOT EXISTS ef_receipts (
            source      TEXT NOT NULL,
            webhook_id  TEXT NOT NULL,
            body_sha256 TEXT NOT NULL,
            signal_kind TEXT NOT NULL,
            signal_ids  TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (source, webhook_id)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS ef_signals (
            kind        TEXT NOT NULL,
            signal_id   TEXT NOT NULL,
            account_id  TEXT NOT NULL,
            category    TEXT NOT NULL,
            reporter_id TEXT,
            confidence  REAL,
            -- 1: a weak flag held for the next sweep instead of opening a case at once (2: released by a sweep, migration 8)
            held        INTEGER NOT NULL DEFAULT 0,
            payload     TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            case_id     TEXT,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (kind, signal_id)
        );
        CREATE INDEX IF NOT EXISTS ix_ef_signals_case ON ef_signals (case_id);
        CREATE INDEX IF NOT EXISTS ix_ef_signals_reporter ON ef_signals (reporter_id) WHERE reporter_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_ef_signals_held ON ef_signals (received_at) WHERE held = 1;

        -- What each sweep looked at and which cases it started.
        CREATE TABLE IF NOT EXISTS ef_sweeps (
            sweep_id         TEXT PRIMARY KEY,
            swept_at         INTEGER NOT NULL,
            accounts_seen    INTEGER NOT NULL,
            flags_seen       INTEGER NOT NULL,
            cases_started    TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS ef_cases (
            case_id     TEXT PRIMARY KEY,
            account_id  TEXT NOT NULL,
            instance_id TEXT NOT NULL,
            status      TEXT NOT NULL,
            category    TEXT,
            score       REAL,
            assessment  TEXT,
            opened_at   INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            closed_at   INTEGER
        );
        CREATE INDEX IF NOT EXISTS ix_ef_cases_account ON ef_cases (account_id, opened_at);
        CREATE INDEX IF NOT EXISTS ix_ef_cases_opened ON ef_cases (opened_at DESC, case_id DESC);

        CREATE TABLE IF NOT EXISTS ef_accounts (
            account_id TEXT PRIMARY KEY,
            tier       TEXT NOT NULL
        );

        -- One row per applied action; the idempotency key makes a redelivered apply a no-op.
        CREATE TABLE IF NOT EXISTS ef_actions (
            action_id        TEXT PRIMARY KEY,
            idempotency_key  TEXT NOT NULL UNIQUE,
            account_id       TEXT NOT NULL,
            case_id          TEXT NOT NULL,
            kind             TEXT NOT NULL,
            duration_seconds INTEGER,
            reason           TEXT,
            applied_at       INTEGER NOT NULL,
            expires_at       INTEGER,
            lifted_at        INTEGER
        );
        CREATE INDEX IF NOT EXISTS ix_ef_actions_account ON ef_actions (account_id);

        -- One request per approver and stage; only the token's SHA-256 is stored.
        CREATE TABLE IF NOT EXISTS ef_approvals (
            request_id   TEXT PRIMARY KEY,
            case_id      TEXT NOT NULL,
            account_id   TEXT NOT NULL,
            instance_id  TEXT NOT NULL,
            approver     TEXT NOT NULL,
            stage        TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            proposal     TEXT NOT NULL,
            created_at   INTEGER NOT NULL,
            expires_at   INTEGER NOT NULL,
            sent_at      INTEGER,
            used_at      INTEGER,
            decision     TEXT,
            comment      TEXT,
            superseded_at INTEGER,
            UNIQUE (case_id, stage, approver)
        );
        CREATE INDEX IF NOT EXISTS ix_ef_approvals_case ON ef_approvals (case_id);

        -- Append-only, hash-chained audit trail.
        CREATE TABLE IF NOT EXISTS ef_audit (
            idx        INTEGER PRIMARY KEY,
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
