using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// The task hub's tables, created and upgraded in numbered steps recorded in <c>schema_version</c>.
/// A database newer than this code is refused rather than written by code that does not know its shape.
/// Times are UTC <see cref="DateTime.Ticks"/> (exact, sortable integers).
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: instances, their history, the per-instance inbox and its session lock, the activity queue.
        """
        CREATE TABLE instances (
            instance_id     TEXT    NOT NULL PRIMARY KEY,
            execution_id    TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            version         TEXT,
            status          INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            last_updated_at INTEGER NOT NULL,
            completed_at    INTEGER,
            input           TEXT,
            output          TEXT,
            custom_status   TEXT,
            details         TEXT    -- tags, parent instance, failure details, scheduled start (JSON)
        );
        CREATE INDEX instances_by_created ON instances (created_at, instance_id);
        CREATE INDEX instances_by_status ON instances (status, created_at);
        CREATE INDEX instances_by_completed ON instances (completed_at) WHERE completed_at IS NOT NULL;

        -- One row per turn: the events that turn added, as one JSON array; sequence is the index of
        -- its first event in the execution's history. (A rowid table: a chunk can hold a large input.)
        CREATE TABLE history (
            instance_id  TEXT    NOT NULL,
            sequence     INTEGER NOT NULL,
            execution_id TEXT    NOT NULL,
            event_count  INTEGER NOT NULL,
            body         TEXT    NOT NULL,
            PRIMARY KEY (instance_id, sequence)
        );

        CREATE TABLE messages (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT    NOT NULL,
            visible_at  INTEGER NOT NULL,
            event_type  INTEGER NOT NULL,
            body        TEXT    NOT NULL
        );
        CREATE INDEX messages_by_instance ON messages (instance_id, seq);

        -- One row per instance with messages waiting: when it may be claimed next (its earliest due
        -- message, or the end of the current lease while locked) and who holds the lock.
        CREATE TABLE sessions (
            instance_id   TEXT    NOT NULL PRIMARY KEY,
            available_at  INTEGER NOT NULL,
            lock_token    TEXT,
            locked_until  INTEGER,
            abandon_count INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_available ON sessions (available_at);

        CREATE TABLE activities (
            seq           INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id   TEXT    NOT NULL,
            available_at  INTEGER NOT NULL,
            lock_token    TEXT,
            dequeue_count INTEGER NOT NULL DEFAULT 0,
            body          TEXT    NOT NULL
        );
        CREATE INDEX activities_by_available ON activities (available_at);
        -- No index on activities.instance_id: only purge looks rows up by instance, and the queue holds
        -- just the pending calls; every activity would pay for that index twice (insert and delete).
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="LatestVersion"/>, each step in its own transaction.</summary>
    public static void Migrate(SqliteConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException($"The task hub database is at schema version {current}, newer than this build knows ({LatestVersion}); run a newer build");
        }
        for (var version = current + 1; version <= LatestVersion; version++)
        {
            using var transaction = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = Migrations[version - 1];
                command.ExecuteNonQuery();
                command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $at)";
                command.Parameters.AddWithValue("$v", version);
                command.Parameters.AddWithValue("$at", DateTime.UtcNow.Ticks);
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
