namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// Schema migrations of the PostgreSQL store, applied in order; the index + 1 is the version.
/// Never edit a shipped migration: append a new one. Times are Unix milliseconds (bigint, UTC)
/// as in the SQLite store: the store reads time only from its TimeProvider (never now() in SQL),
/// so every worker agrees with the clock it was given. Statuses are
/// <see cref="OrchestrationStatus"/> numbers. Runs with search_path set to the store's schema.
/// </summary>
internal static class PostgresSchema
{
    public static readonly string[] Migrations =
    [
        """
        -- Instance ids sort bytewise (COLLATE "C") so keyset paging and prefix ranges do not depend on the server's locale.
        CREATE TABLE instances (
            instance_id         text COLLATE "C" PRIMARY KEY,
            execution_id        text NOT NULL,
            name                text NOT NULL,
            version             text,
            status              integer NOT NULL,
            input               text,
            output              text,
            custom_status       text,
            failure             text,
            parent_instance_id  text,
            parent_execution_id text,
            parent_task_id      integer,
            created_at          bigint NOT NULL,
            updated_at          bigint NOT NULL,
            completed_at        bigint,
            history_seq         bigint NOT NULL DEFAULT 0,
            -- earliest visible inbox message that this instance can process now (NULL: nothing to do)
            ready_at            bigint,
            lock_owner          text,
            lock_expires        bigint
        );
        CREATE INDEX ix_instances_ready ON instances (ready_at) WHERE ready_at IS NOT NULL;
        CREATE INDEX ix_instances_created ON instances (created_at DESC, instance_id DESC);
        CREATE INDEX ix_instances_finished ON instances (completed_at) WHERE completed_at IS NOT NULL;

        -- One row per orchestration turn: the events that turn appended, as a JSON array.
        CREATE TABLE history (
            instance_id  text COLLATE "C" NOT NULL,
            seq          bigint NOT NULL,
            execution_id text NOT NULL,
            events       text NOT NULL,
            PRIMARY KEY (instance_id, seq)
        );

        -- Orchestration inboxes: events, results, timers (visible_at in the future), control messages.
        CREATE TABLE messages (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id  text COLLATE "C" NOT NULL,
            execution_id text,
            visible_at   bigint NOT NULL,
            control      boolean NOT NULL,
            payload      text NOT NULL
        );
        CREATE INDEX ix_messages_instance ON messages (instance_id, visible_at);

        -- A new message makes its instance ready no later than the message's visible time.
        -- A suspended instance (status 2) only wakes for control messages.
        CREATE FUNCTION messages_wake() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            UPDATE instances SET ready_at = LEAST(COALESCE(ready_at, NEW.visible_at), NEW.visible_at)
            WHERE instance_id = NEW.instance_id AND (status <> 2 OR NEW.control);
            RETURN NULL;
        END
        $$;
        CREATE TRIGGER messages_wake AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION messages_wake();

        -- Activity queue. ready_at is when the row may be claimed: creation, or the expiry of the current lease.
        CREATE TABLE activities (
            id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id  text COLLATE "C" NOT NULL,
            execution_id text NOT NULL,
            task_id      integer NOT NULL,
            logical_id   integer NOT NULL,
            attempt      integer NOT NULL,
            name         text NOT NULL,
            input        text,
            ready_at     bigint NOT NULL,
            lock_owner   text,
            deliveries   integer NOT NULL DEFAULT 0
        );
        CREATE INDEX ix_activities_ready ON activities (ready_at, id);
        CREATE INDEX ix_activities_instance ON activities (instance_id);
        """,
        """
        -- signal-with-start: the ExecutionStarted to restart with if the execution finishes without this event
        ALTER TABLE messages ADD COLUMN start_payload text;
        """,
        """
        -- Scheduled start: the instance's ExecutionStarted is visible at start_at, and until then only control
        -- messages wake it (an event sent early makes it ready at start_at, not before). Kept after the start:
        -- every later message is visible after start_at, so it no longer changes anything.
        ALTER TABLE instances ADD COLUMN start_at bigint;
        CREATE OR REPLACE FUNCTION messages_wake() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            UPDATE instances SET ready_at = LEAST(COALESCE(ready_at, NEW.visible_at),
                CASE WHEN NEW.control THEN NEW.visible_at ELSE GREATEST(NEW.visible_at, COALESCE(start_at, NEW.visible_at)) END)
            WHERE instance_id = NEW.instance_id AND (status <> 2 OR NEW.control);
            RETURN NULL;
        END
        $$;
        """,
        """
        -- Guarded writes are checked by the server (PostgresSession.DeferWrite): a miss raises EF001 and aborts the
        -- transaction, so the writes can ride with COMMIT instead of needing a round trip of their own before it.
        CREATE FUNCTION expect_rows(actual bigint, expected bigint) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            IF actual <> expected THEN
                -- The message carries the numbers: servers redact DETAIL unless the client asks for it.
                RAISE EXCEPTION 'guarded write: expected % rows, changed %', expected, actual USING ERRCODE = 'EF001';
            END IF;
        END
        $$;
        """,
    ];
}
