namespace EnforcementFlows.Durable.Storage.Sqlite;

/// <summary>
/// Schema of the SQLite store. Times are Unix milliseconds (UTC). Statuses are
/// <see cref="OrchestrationStatus"/> numbers. Version 1.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS durable_schema (version INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS instances (
            instance_id         TEXT PRIMARY KEY,
            execution_id        TEXT NOT NULL,
            name                TEXT NOT NULL,
            version             TEXT,
            status              INTEGER NOT NULL,
            input               TEXT,
            output              TEXT,
            custom_status       TEXT,
            failure             TEXT,
            parent_instance_id  TEXT,
            parent_execution_id TEXT,
            parent_task_id      INTEGER,
            created_at          INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL,
            completed_at        INTEGER,
            history_seq         INTEGER NOT NULL DEFAULT 0,
            -- earliest visible inbox message that this instance can process now (NULL: nothing to do)
            ready_at            INTEGER,
            lock_owner          TEXT,
            lock_expires        INTEGER
        );
        CREATE INDEX IF NOT EXISTS ix_instances_ready ON instances (ready_at) WHERE ready_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances (created_at DESC, instance_id DESC);
        CREATE INDEX IF NOT EXISTS ix_instances_finished ON instances (completed_at) WHERE completed_at IS NOT NULL;

        -- One row per orchestration turn: the events that turn appended, as a JSON array.
        CREATE TABLE IF NOT EXISTS history (
            instance_id  TEXT NOT NULL,
            seq          INTEGER NOT NULL,
            execution_id TEXT NOT NULL,
            events       TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)
        ) WITHOUT ROWID;

        -- Orchestration inboxes: events, results, timers (visible_at in the future), control messages.
        CREATE TABLE IF NOT EXISTS messages (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id  TEXT NOT NULL,
            execution_id TEXT,
            visible_at   INTEGER NOT NULL,
            control      INTEGER NOT NULL,
            payload      TEXT NOT NULL,
            -- signal-with-start: the ExecutionStarted to restart with if the execution finishes without this event
            start_payload TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages (instance_id, visible_at);

        -- A new message makes its instance ready no later than the message's visible time.
        -- A suspended instance (status 2) only wakes for control messages.
        CREATE TRIGGER IF NOT EXISTS messages_wake AFTER INSERT ON messages
        BEGIN
            UPDATE instances SET ready_at = MIN(COALESCE(ready_at, NEW.visible_at), NEW.visible_at)
            WHERE instance_id = NEW.instance_id AND (status <> 2 OR NEW.control = 1);
        END;

        -- Activity queue. ready_at is when the row may be claimed: creation, or the expiry of the current lease.
        CREATE TABLE IF NOT EXISTS activities (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id  TEXT NOT NULL,
            execution_id TEXT NOT NULL,
            task_id      INTEGER NOT NULL,
            logical_id   INTEGER NOT NULL,
            attempt      INTEGER NOT NULL,
            name         TEXT NOT NULL,
            input        TEXT,
            ready_at     INTEGER NOT NULL,
            lock_owner   TEXT,
            deliveries   INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_activities_ready ON activities (ready_at);
        """;

    /// <summary>Upgrades from version 1 (no start_payload column).</summary>
    public const string UpgradeTo2 = "ALTER TABLE messages ADD COLUMN start_payload TEXT";
}
