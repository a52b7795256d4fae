namespace EnforcementFlows.Durable.Storage.Sqlite;

/// <summary>
/// Schema of the SQLite store. Times are Unix milliseconds (UTC). Statuses are
/// <see cref="OrchestrationStatus"/> numbers. Version 3; older files are upgraded in place.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 3;

    public const string Create = $"""
        CREATE TABLE IF NOT EXISTS durable_schema (version INTEGER NOT NULL);

        -- start_at: a scheduled start; ExecutionStarted is visible then, and until then only control messages wake the instance.
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
            lock_expires        INTEGER,
            start_at            INTEGER
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
        {WakeUpdate}
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

    /// <summary>Upgrades from version 2: scheduled starts (an event sent before the start waits for it).</summary>
    public const string UpgradeTo3 = $"""
        ALTER TABLE instances ADD COLUMN start_at INTEGER;
        DROP TRIGGER messages_wake;
        CREATE TRIGGER messages_wake AFTER INSERT ON messages
        BEGIN
        {WakeUpdate}
        END;
        """;

    /// <summary>
    /// Before its scheduled start an instance is made ready by an event no earlier than start_at; control
    /// messages wake it at once. After the start, start_at lies before every new message and changes nothing.
    /// </summary>
    private const string WakeUpdate = """
            UPDATE instances SET ready_at = MIN(COALESCE(ready_at, NEW.visible_at),
                CASE WHEN NEW.control = 1 THEN NEW.visible_at ELSE MAX(NEW.visible_at, COALESCE(start_at, NEW.visible_at)) END)
            WHERE instance_id = NEW.instance_id AND (status <> 2 OR NEW.control = 1);
        """;
}
