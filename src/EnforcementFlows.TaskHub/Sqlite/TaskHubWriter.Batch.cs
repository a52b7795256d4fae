using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

internal sealed partial class TaskHubWriter
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN: the
    // file or the transaction is at fault, not the operation, so the whole batch fails.
    private static bool IsTransactionFault(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 or 14 };

    private void RunBatch(List<WriteOperation> batch)
    {
        var wakeUps = WakeUps.None;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _context.Execute("BEGIN IMMEDIATE");
            foreach (var operation in batch)
            {
                _context.Now = DateTime.UtcNow.Ticks;
                _context.WakeUps = WakeUps.None;
                _context.Execute("SAVEPOINT op");
                try
                {
                    operation.Run(_context);
                    _context.Execute("RELEASE op");
                    wakeUps |= _context.WakeUps;
                }
                catch (Exception ex) when (!IsTransactionFault(ex))
                {
                    _context.Execute("ROLLBACK TO op");
                    _context.Execute("RELEASE op");
                    operation.Error = ex;
                }
            }
            var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            _context.Execute("COMMIT");
            CommitTime += System.Diagnostics.Stopwatch.GetElapsedTime(commitStarted);
            Transactions++;
            Operations += batch.Count;
        }
        catch (Exception ex)
        {
            TryRollback();
            wakeUps = WakeUps.None;
            var error = new TaskHubStorageException($"The task hub database could not commit ({Describe(ex)}); nothing of this transaction was written", ex);
            foreach (var operation in batch)
            {
                operation.Error = error;
            }
        }
        BusyTime += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        foreach (var operation in batch)
        {
            operation.Finish();
        }
        if (wakeUps != WakeUps.None)
        {
            try
            {
                _afterCommit(wakeUps);
            }
            catch (Exception)
            {
                // A waiter's continuation must never stop the writer.
            }
        }
    }

    private static string Describe(Exception exception) => exception is SqliteException sqlite
        ? $"SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message}"
        : exception.Message;

    private void TryRollback()
    {
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                _context.Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // No transaction was open.
        }
    }
}
