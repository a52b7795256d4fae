using System.Threading.Channels;
using EnforcementFlows.TaskHub.Sqlite;
using Npgsql;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// Group commit on PostgreSQL. Write operations queue up; a few writer loops (each with its own
/// connection) take as many as are waiting and run them in one transaction, so one WAL flush covers
/// them all. Callers are answered only after COMMIT: nothing is acknowledged before it is durable.
/// Operations defer their writes; when one of those fails the server aborts the whole transaction, so
/// the batch is redone with each operation in a transaction of its own and only the guilty one fails.
/// Deadlocks (other loops, other processes) retry the batch. A transaction that made work visible sends
/// one NOTIFY with its COMMIT, so other processes wake at once.
/// </summary>
internal sealed class PgWriter : IDisposable
{
    private const int MaxAttempts = 5;

    private readonly Channel<PgWriteOperation> _queue = Channel.CreateUnbounded<PgWriteOperation>();
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly string _channel;
    private readonly string _ownerId;
    private readonly Action<WakeUps> _afterCommit;
    private readonly Thread[] _loops;
    private long _transactions;
    private long _operations;

    public PgWriter(NpgsqlDataSource dataSource, int loops, int maxBatch, string channel, string ownerId, Action<WakeUps> afterCommit)
    {
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        _channel = channel;
        _ownerId = ownerId;
        _afterCommit = afterCommit;
        _loops = Enumerable.Range(0, loops).Select(i => new Thread(Loop) { IsBackground = true, Name = $"taskhub-postgres-writer-{i}" }).ToArray();
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    public long Transactions => Interlocked.Read(ref _transactions);

    public long Operations => Interlocked.Read(ref _operations);

    public Task<T> RunAsync<T>(Func<PgSession, T> work)
    {
        var operation = new PgWriteOperation<T>(work);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(PgWriter), "The task hub is stopped");
        }
        return operation.Completion.Task;
    }

    public Task RunAsync(Action<PgSession> work) => RunAsync<bool>(session =>
    {
        work(session);
        return true;
    });

    private void Loop()
    {
        var batch = new List<PgWriteOperation>(_maxBatch);
        var reader = _queue.Reader;
        NpgsqlConnection? connection = null;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                connection ??= _dataSource.OpenConnection();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Finish(batch, new TaskHubStorageException($"The task hub database cannot be reached ({ex.Message}); nothing was written", ex));
                continue;
            }
            if (!RunBatch(new PgSession(connection), batch))
            {
                // The connection may be broken (a server restart): the next batch opens a fresh one.
                connection.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    /// <summary>Runs a batch as one transaction; false when the connection should not be used again.</summary>
    private bool RunBatch(PgSession session, List<PgWriteOperation> batch)
    {
        var wakeUps = WakeUps.None;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                wakeUps = RunTransaction(session, batch, stopOnError: false);
                Interlocked.Increment(ref _transactions);
                Interlocked.Add(ref _operations, batch.Count);
                break;
            }
            catch (Exception ex) when (IsDeadlock(ex) && attempt < MaxAttempts)
            {
                TryRollback(session);
            }
            catch (Exception ex) when (ex is PostgresException pg && !IsConnectionFault(pg))
            {
                // Some deferred write failed: redo the operations one per transaction, so only the guilty one fails.
                TryRollback(session);
                wakeUps = RunCarefully(session, batch);
                break;
            }
            catch (Exception ex)
            {
                TryRollback(session);
                if (ex is NpgsqlException)
                {
                    // After a server restart every pooled connection is dead: drop them all at once.
                    _dataSource.Clear();
                }
                Finish(batch, new TaskHubStorageException($"The task hub database could not commit ({ex.Message}); nothing of this transaction is known to be written", ex));
                return false;
            }
        }
        foreach (var operation in batch)
        {
            operation.Finish();
        }
        Wake(wakeUps);
        return true;
    }

    private WakeUps RunTransaction(PgSession session, List<PgWriteOperation> operations, bool stopOnError)
    {
        var wakeUps = WakeUps.None;
        session.Reset();
        session.Defer("BEGIN");
        session.Defer(PostgresOrchestrationService.NoTableScans);
        foreach (var operation in operations)
        {
            operation.Error = null;
            session.Now = DateTime.UtcNow.Ticks;
            session.WakeUps = WakeUps.None;
            session.BeginOperation();
            try
            {
                operation.Run(session);
                wakeUps |= session.WakeUps;
            }
            catch (Exception ex) when (ex is not NpgsqlException && !stopOnError && session.TryUndoOperation())
            {
                // The operation refused by itself before any of its writes reached the server: its own error.
                operation.Error = ex;
            }
        }
        if (wakeUps != WakeUps.None)
        {
            session.Defer("SELECT pg_notify($1, $2)", _channel, $"{_ownerId}:{(int)wakeUps}");
        }
        session.Execute("COMMIT");
        return wakeUps;
    }

    private WakeUps RunCarefully(PgSession session, List<PgWriteOperation> batch)
    {
        var wakeUps = WakeUps.None;
        foreach (var operation in batch)
        {
            try
            {
                wakeUps |= RunTransaction(session, [operation], stopOnError: true);
                Interlocked.Increment(ref _transactions);
                Interlocked.Increment(ref _operations);
            }
            catch (Exception ex)
            {
                TryRollback(session);
                operation.Error = ex;
            }
        }
        return wakeUps;
    }

    private void Wake(WakeUps wakeUps)
    {
        if (wakeUps == WakeUps.None)
        {
            return;
        }
        try
        {
            _afterCommit(wakeUps);
        }
        catch (Exception)
        {
            // A waiter's continuation must never stop the writer.
        }
    }

    private static bool IsDeadlock(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Connection or server trouble (class 08, 53, 57, 58, XX), as opposed to an operation's bad write.</summary>
    private static bool IsConnectionFault(PostgresException ex) => ex.SqlState[..2] is "08" or "53" or "57" or "58" or "XX";

    private static void Finish(List<PgWriteOperation> batch, Exception error)
    {
        foreach (var operation in batch)
        {
            operation.Error = error;
            operation.Finish();
        }
    }

    private static void TryRollback(PgSession session)
    {
        session.Reset();
        try
        {
            session.Execute("ROLLBACK");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken connection: the server rolls back on its own.
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        foreach (var loop in _loops)
        {
            loop.Join(TimeSpan.FromSeconds(30));
        }
    }
}
