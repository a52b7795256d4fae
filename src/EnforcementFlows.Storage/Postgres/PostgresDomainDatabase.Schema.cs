using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Storage.Postgres;

public sealed partial class PostgresDomainDatabase
{
    /// <summary>
    /// Creates the schema and the guard function that <see cref="IDomainTransaction.DeferExpecting"/> writes call.
    /// Idempotent; several processes may start at once: a transaction-scoped advisory lock (keyed by the schema
    /// name) lets one create while the others wait and then find the work done. The domain's own tables are
    /// versioned by its migrations (EnforcementFlows.Enforcement), not here.
    /// </summary>
    private int Prepare(PostgresSession s)
    {
        s.Execute("SELECT pg_advisory_xact_lock(@p0)", PrepareLockKey(_options.Schema));
        // Schema is validated as a plain lower-case identifier, so it needs no quoting.
        s.Script($"""
            CREATE SCHEMA IF NOT EXISTS {_options.Schema};
            CREATE OR REPLACE FUNCTION {_options.Schema}.expect_rows(actual bigint, expected bigint) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF actual <> expected THEN
                    -- The message carries the numbers: servers redact DETAIL unless the client asks for it.
                    RAISE EXCEPTION 'guarded write: expected % rows, changed %', expected, actual USING ERRCODE = 'EF001';
                END IF;
            END
            $$;
            """);
        return 0;
    }

    // The key the retired runtime store used for the same schema, so a process of an older build and one of this build
    // never prepare one schema at the same moment.
    private static long PrepareLockKey(string schema)
        => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("EnforcementFlows.Durable.Postgres/" + schema)), 0);
}
