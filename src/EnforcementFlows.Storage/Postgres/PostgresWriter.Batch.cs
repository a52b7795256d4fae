using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

internal sealed partial class PostgresWriter
{
    /// <summary>Runs a batch in one transaction; false when the transaction failed as a whole.</summary>
    /// <remarks>
    /// Operations' held-back writes ride along with the next round trip, which may belong to the next
    /// operation or to COMMIT, so a batch costs about as many round trips as its operations have
    /// questions. When such a write fails, the server has aborted the transaction and the failing
    /// operation is not known: the batch runs again "carefully", sending each operation's writes
    /// inside its own savepoint, so only the guilty operation fails.
    /// </remarks>
    private bool RunBatch(PostgresSession session, List<QueuedWrite<PostgresSession>> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var committed = false;
        var careful = false;
        var attempt = 0;
        while (!committed)
        {
            attempt++;
            session.Reset();
            try
            {
                session.Defer("BEGIN");
                foreach (var op in batch)
                {
                    RunInSavepoint(session, op, careful);
                }
                session.Participants.BeforeCommit();
                session.Execute("COMMIT");
                committed = true;
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _operations, batch.Count);
            }
            catch (Exception ex)
            {
                var serverError = ex is PostgresException || session.ServerErrorSeen;
                TryRollback(session);
                if (!careful && serverError && !AbortsBatch(ex))
                {
                    careful = true;
                    attempt--;
                    continue;
                }
                if (!IsTransient(ex) || attempt == MaxAttempts)
                {
                    foreach (var op in batch)
                    {
                        op.Error ??= ex;
                    }
                    session.Reset();
                    break;
                }
            }
        }
        Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        foreach (var op in batch)
        {
            op.Finish();
        }
        return committed;
    }

    private static void RunInSavepoint(PostgresSession session, QueuedWrite<PostgresSession> op, bool careful)
    {
        op.Error = null;
        session.ServerErrorSeen = false;
        session.Defer("SAVEPOINT op");
        session.Participants.MarkOperationStart();
        try
        {
            op.Run(session);
            if (careful && session.HasPendingWrites)
            {
                // Its writes' errors and row counts must surface while this operation can still roll back alone.
                session.Flush();
            }
            session.Defer("RELEASE op");
        }
        catch (Exception ex) when (careful ? !AbortsBatch(ex) : ex is not NpgsqlException && !session.ServerErrorSeen)
        {
            // This operation's failure (bad state, constraint) is its own. Without care, a database
            // error may belong to an earlier operation's held-back write: RunBatch decides.
            session.Defer("ROLLBACK TO op");
            session.Defer("RELEASE op");
            session.Participants.RollbackOperation();
            op.Error = ex;
        }
    }

    /// <summary>Lost connections, deadlocks and server trouble end the whole transaction.</summary>
    private static bool AbortsBatch(Exception ex) => ex switch
    {
        PostgresException pg => IsTransient(pg) || pg.SqlState[..2] is "08" or "53" or "57" or "58" or "XX",
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>Deadlock or serialization failure: nothing was applied, running the batch again is safe.</summary>
    private static bool IsTransient(Exception ex) => ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private static void TryRollback(PostgresSession session)
    {
        session.Reset();
        try
        {
            session.Execute("ROLLBACK");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken connection: the server rolls back on its own; the loop reconnects.
        }
    }
}
