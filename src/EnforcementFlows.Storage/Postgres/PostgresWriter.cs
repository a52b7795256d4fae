using System.Threading.Channels;
using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>
/// Group commit for PostgreSQL. Write operations queue up; a few writer loops (each with its own
/// connection) take as many as are waiting and run them in one transaction, each inside its own
/// savepoint so one failing operation does not undo its neighbours. Callers are answered only
/// after COMMIT, so nothing is acknowledged before it is durable, and one WAL flush covers many
/// operations. Deadlocks with other writers (in this or another process) retry the whole batch.
/// </summary>
internal sealed partial class PostgresWriter : IDisposable
{
    private const int MaxAttempts = 5;

    private readonly Channel<QueuedWrite<PostgresSession>> _queue = Channel.CreateUnbounded<QueuedWrite<PostgresSession>>();
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly Thread[] _loops;

    public PostgresWriter(NpgsqlDataSource dataSource, int loops, int maxBatch)
    {
        _dataSource = dataSource;
        _maxBatch = maxBatch;
        _loops = Enumerable.Range(0, loops).Select(i => new Thread(Loop) { IsBackground = true, Name = $"postgres-writer-{i}" }).ToArray();
        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>Total transactions committed and operations in them; the ratio is the group-commit factor.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Time the writer loops spent executing batches (statements and commits), summed over loops.</summary>
    public TimeSpan Busy => TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks));
    private long _transactions;
    private long _operations;
    private long _busyTicks;

    public Task<T> RunAsync<T>(Func<PostgresSession, T> work, CancellationToken cancellation)
    {
        var op = new QueuedWrite<PostgresSession, T>(work, cancellation);
        if (!_queue.Writer.TryWrite(op))
        {
            throw new ObjectDisposedException(nameof(PostgresWriter));
        }
        return op.Completion.Task;
    }

    private void Loop()
    {
        var batch = new List<QueuedWrite<PostgresSession>>(_maxBatch);
        var reader = _queue.Reader;
        NpgsqlConnection? connection = null;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var op))
            {
                if (op.Cancellation.IsCancellationRequested)
                {
                    op.Cancel();
                }
                else
                {
                    batch.Add(op);
                }
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                connection ??= _dataSource.OpenConnection();
            }
            catch (Exception ex)
            {
                Fail(batch, ex);
                continue;
            }
            if (!RunBatch(new PostgresSession(connection), batch))
            {
                // The connection may be broken (or mid-transaction): start the next batch on a fresh one.
                connection.Dispose();
                connection = null;
            }
        }
        connection?.Dispose();
    }

    private static void Fail(List<QueuedWrite<PostgresSession>> batch, Exception ex)
    {
        foreach (var op in batch)
        {
            op.Error = ex;
            op.Finish();
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
