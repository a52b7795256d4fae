using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// The task hub's tables in their schema, created and upgraded in numbered steps recorded in
/// <c>schema_version</c>. Several processes may start together: the migration runs in one transaction
/// under an advisory lock keyed by the schema name, so one migrates and the others wait and find it
/// done. A schema newer than this code is refused. Times are UTC <see cref="DateTime.Ticks"/> (bigint).
/// </summary>
internal static class PostgresSchema
{
    private static readonly string[] Migrations =
    [
        // 1: instances, their history, the per-instance inbox and its session lock, the activity queue.
        """
        CREATE TABLE {0}.instances (
            instance_id     text   NOT NULL PRIMARY KEY,
            execution_id    text   NOT NULL,
            name            text   NOT NULL,
            version         text,
            status          int    NOT NULL,
            created_at      bigint NOT NULL,
            last_updated_at bigint NOT NULL,
            completed_at    bigint,
            input           text,
            output          text,
            custom_status   text,
            details         text
        );
        CREATE INDEX instances_by_created ON {0}.instances (created_at, instance_id);
        CREATE INDEX instances_by_status ON {0}.instances (status, created_at);
        CREATE INDEX instances_by_completed ON {0}.instances (completed_at) WHERE completed_at IS NOT NULL;

        CREATE TABLE {0}.history (
            instance_id  text   NOT NULL,
            sequence     int    NOT NULL,
            execution_id text   NOT NULL,
            event_count  int    NOT NULL,
            body         text   NOT NULL,
            PRIMARY KEY (instance_id, sequence)
        );

        CREATE TABLE {0}.messages (
            seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id text   NOT NULL,
            visible_at  bigint NOT NULL,
            event_type  int    NOT NULL,
            body        text   NOT NULL
        );
        CREATE INDEX messages_by_instance ON {0}.messages (instance_id, seq);

        CREATE TABLE {0}.sessions (
            instance_id   text   NOT NULL PRIMARY KEY,
            available_at  bigint NOT NULL,
            lock_token    text,
            locked_until  bigint,
            abandon_count int    NOT NULL DEFAULT 0
        );
        CREATE INDEX sessions_by_available ON {0}.sessions (available_at);

        CREATE TABLE {0}.activities (
            seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id   text   NOT NULL,
            available_at  bigint NOT NULL,
            lock_token    text,
            dequeue_count int    NOT NULL DEFAULT 0,
            body          text   NOT NULL
        );
        CREATE INDEX activities_by_available ON {0}.activities (available_at);
        CREATE INDEX activities_by_instance ON {0}.activities (instance_id);

        -- The guard of writes that ride with COMMIT: a lock no longer held aborts the transaction
        -- (SQLSTATE EF001), and the writer redoes the batch one operation per transaction.
        CREATE FUNCTION {0}.expect_rows(actual bigint, expected bigint) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF actual <> expected THEN
                RAISE EXCEPTION 'task hub lock lost (% rows, expected %)', actual, expected USING ERRCODE = 'EF001';
            END IF;
        END $$;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1)", LockKey(schema)).ConfigureAwait(false);
        // The schema name is validated as a plain lower-case identifier: no quoting needed.
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_version (version int NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").ConfigureAwait(false);
        await using (var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {schema}.schema_version", connection))
        {
            var current = Convert.ToInt32(await read.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (current > LatestVersion)
            {
                throw new InvalidOperationException($"The task hub schema '{schema}' is at version {current}, newer than this build knows ({LatestVersion}); run a newer build");
            }
            for (var version = current + 1; version <= LatestVersion; version++)
            {
                await ExecuteAsync(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, Migrations[version - 1], schema)).ConfigureAwait(false);
                await ExecuteAsync(connection, $"INSERT INTO {schema}.schema_version (version) VALUES ($1)", version).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync().ConfigureAwait(false);
        return LatestVersion;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = arg });
        }
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("EnforcementFlows.TaskHub/" + schema)), 0);
}
