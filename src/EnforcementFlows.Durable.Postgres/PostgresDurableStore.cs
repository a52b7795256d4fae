using Npgsql;

namespace EnforcementFlows.Durable.Storage.Postgres;

/// <summary>
/// The scale-out store: one PostgreSQL database shared by worker processes on several machines.
/// Writes go through group-committing writer loops (<see cref="PostgresWriter"/>); claims use
/// FOR UPDATE SKIP LOCKED so concurrent workers never wait on each other's rows; reads use
/// pooled connections. Time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class PostgresDurableStore : IDurableStore
{
    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _readers;
    private readonly Lazy<Task> _initialized;
    private readonly PostgresWriter _writer;
    private bool _disposed;

    public PostgresDurableStore(PostgresStoreOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        // Unqualified names (ours and application SQL in transactions) resolve to the store's schema.
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        // Hot statements are prepared on the server after a few uses, per physical connection.
        connection.MaxAutoPrepare = Math.Max(64, connection.MaxAutoPrepare);
        _dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        // Reads only run SELECTs and leave no session state behind, so a reader connection goes back to its pool
        // as it is: the reset is seven more statements for the server before each read, and a case does several reads.
        _readers = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { NoResetOnClose = true }.ConnectionString);
        // Writers connect on their first batch: constructing a store does no I/O.
        _writer = new PostgresWriter(_dataSource, options.WriterConnections, options.MaxWriteBatch,
            options.Notifications ? NotifyStatement : null, AfterCommit);
        _initialized = new Lazy<Task>(InitializeOnceAsync);
    }

    public event Action? WorkEnqueued;
    public event Action<string>? InstanceFinished;

    public string Schema => _options.Schema;

    /// <summary>Transactions and operations committed by this process's writers (group-commit factor).</summary>
    public (long Transactions, long Operations, TimeSpan Busy) WriterStats => (_writer.Transactions, _writer.Operations, _writer.Busy);

    /// <summary>Applies migrations once; every other method also waits for this, so calling it is optional.</summary>
    public Task InitializeAsync(CancellationToken cancellation) => _initialized.Value.WaitAsync(cancellation);

    private async Task InitializeOnceAsync()
    {
        await _writer.RunAsync(Migrate, CancellationToken.None);
        if (_options.Notifications)
        {
            StartListening();
        }
    }

    private void AfterCommit(PostgresSession session)
    {
        if (session.WorkEnqueued)
        {
            WorkEnqueued?.Invoke();
        }
        foreach (var id in session.FinishedInstances)
        {
            InstanceFinished?.Invoke(id);
        }
    }

    private async Task<T> Write<T>(Func<PostgresSession, T> work, CancellationToken cancellation)
    {
        await _initialized.Value.WaitAsync(cancellation);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return await _writer.RunAsync(work, cancellation);
    }

    private async Task<NpgsqlConnection> OpenReaderAsync(CancellationToken cancellation)
    {
        await _initialized.Value.WaitAsync(cancellation);
        return await _readers.OpenConnectionAsync(cancellation);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopListeningAsync();
        _writer.Dispose();
        await _dataSource.DisposeAsync();
        await _readers.DisposeAsync();
    }
}
