using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>
/// The one writer of the task hub file. Operations queue up and run on one thread, as many as are
/// waiting (up to a bound) in one transaction: group commit. Each runs inside its own savepoint, so a
/// failing operation (a lost lease, a duplicate start) undoes only itself. Callers are answered after
/// COMMIT (WAL, synchronous=FULL): nothing is acknowledged before it is durable. A failing COMMIT
/// (read-only file, full disk, I/O error) fails every operation of that transaction and leaves nothing.
/// </summary>
internal sealed partial class TaskHubWriter : IDisposable
{
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly WriteContext _context;
    private readonly int _maxBatch;
    private readonly Action<WakeUps> _afterCommit;
    private readonly Thread _thread;

    public TaskHubWriter(SqliteConnection connection, int maxBatch, Action<WakeUps> afterCommit)
    {
        _connection = connection;
        _context = new WriteContext(connection);
        _maxBatch = maxBatch;
        _afterCommit = afterCommit;
        _thread = new Thread(Loop) { IsBackground = true, Name = "taskhub-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed and operations in them; their ratio is the group-commit factor.</summary>
    public long Transactions { get; private set; }

    public long Operations { get; private set; }

    /// <summary>Time the writer spent running batches, and the part of it in COMMIT (the WAL write and fsync).</summary>
    public TimeSpan BusyTime { get; private set; }

    public TimeSpan CommitTime { get; private set; }

    public Task<T> RunAsync<T>(Func<WriteContext, T> work)
    {
        var operation = new WriteOperation<T>(work);
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(TaskHubWriter), "The task hub is stopped");
        }
        return operation.Completion.Task;
    }

    public Task RunAsync(Action<WriteContext> work) => RunAsync<bool>(context =>
    {
        work(context);
        return true;
    });

    private void Loop()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }
            RunBatch(batch);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _thread.Join(TimeSpan.FromSeconds(30));
        _context.Dispose();
        _connection.Dispose();
    }
}
