using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Storage.Sqlite;

/// <summary>
/// The single writer of a SQLite database in this process. Write operations queue up and are
/// executed by one thread, many per transaction (group commit), each inside its own savepoint
/// so one failing operation does not undo the others. Callers are answered only after COMMIT,
/// so nothing is acknowledged before it is durable.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly Channel<QueuedWrite<WriteSession>> _queue = Channel.CreateUnbounded<QueuedWrite<WriteSession>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly WriteSession _session;
    private readonly int _maxBatch;
    private readonly Thread _thread;
    private readonly SqliteCheckpointer _checkpointer;

    public SqliteWriter(string connectionString, bool fullSync, int maxBatch)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            // WAL + FULL: a committed transaction survives power loss; throughput comes from batching.
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0;";
            pragma.ExecuteNonQuery();
        }
        _session = new WriteSession(_connection);
        _checkpointer = new SqliteCheckpointer(connectionString);
        _maxBatch = maxBatch;
        _thread = new Thread(Loop) { IsBackground = true, Name = "sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Total transactions committed and operations in them; the ratio is the group-commit factor.</summary>
    public long Transactions { get; private set; }
    public long Operations { get; private set; }

    /// <summary>Time the writer thread spent executing batches (statements and commits).</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));
    private long _busyTicks;

    /// <summary>Part of <see cref="Busy"/> spent in COMMIT (WAL write and fsync).</summary>
    public TimeSpan CommitBusy => TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks));
    private long _commitTicks;

    public Task<T> RunAsync<T>(Func<WriteSession, T> work, CancellationToken cancellation)
    {
        var op = new QueuedWrite<WriteSession, T>(work, cancellation);
        if (!_queue.Writer.TryWrite(op))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter));
        }
        return op.Completion.Task;
    }

    private void Loop()
    {
        var batch = new List<QueuedWrite<WriteSession>>(_maxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var op))
            {
                if (!op.Cancellation.IsCancellationRequested)
                {
                    batch.Add(op);
                }
                else
                {
                    op.Cancel();
                }
            }
            if (batch.Count > 0)
            {
                RunBatch(batch);
            }
        }
    }

    private void RunBatch(List<QueuedWrite<WriteSession>> batch)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _session.Reset();
        try
        {
            _session.Execute("BEGIN IMMEDIATE");
            foreach (var op in batch)
            {
                _session.Execute("SAVEPOINT op");
                _session.Participants.MarkOperationStart();
                try
                {
                    op.Run(_session);
                    _session.Execute("RELEASE op");
                }
                catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 5 or 6 or 13 or 10 })
                {
                    // One operation's failure (bad state, constraint) is its own; busy, locked, full and I/O errors abort the batch.
                    _session.Execute("ROLLBACK TO op");
                    _session.Execute("RELEASE op");
                    _session.Participants.RollbackOperation();
                    op.Error = ex;
                }
            }
            _session.Participants.BeforeCommit();
            var commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            _session.Execute("COMMIT");
            Interlocked.Add(ref _commitTicks, System.Diagnostics.Stopwatch.GetElapsedTime(commitStarted).Ticks);
            Transactions++;
            Operations += batch.Count;
            _checkpointer.Committed();
        }
        catch (Exception ex)
        {
            TryRollback();
            foreach (var op in batch)
            {
                op.Error ??= ex;
            }
            _session.Reset();
        }
        Interlocked.Add(ref _busyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        foreach (var op in batch)
        {
            op.Finish();
        }
    }

    private void TryRollback()
    {
        try
        {
            if (!_connection.State.HasFlag(System.Data.ConnectionState.Open))
            {
                return;
            }
            _session.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // Nothing to roll back.
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(30));
        _checkpointer.Dispose();
        _session.Dispose();
        _connection.Dispose();
    }
}
