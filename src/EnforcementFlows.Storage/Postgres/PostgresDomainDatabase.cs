using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>
/// The scale-out domain database: one PostgreSQL database shared by service processes on several machines.
/// Writes go through group-committing writer loops (<see cref="PostgresWriter"/>); reads use pooled connections.
/// </summary>
public sealed partial class PostgresDomainDatabase : IDomainDatabase
{
    private readonly PostgresDatabaseOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _readers;
    private readonly Lazy<Task> _initialized;
    private readonly PostgresWriter _writer;
    private bool _disposed;

    public PostgresDomainDatabase(PostgresDatabaseOptions options)
    {
        options.Validate();
        _options = options;
        // Unqualified names in application SQL resolve to the configured schema.
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        // Hot statements are prepared on the server after a few uses, per physical connection.
        connection.MaxAutoPrepare = Math.Max(64, connection.MaxAutoPrepare);
        _dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        // Reads only run SELECTs and leave no session state behind, so a reader connection goes back to its pool
        // as it is: the reset is seven more statements for the server before each read, and a case does several reads.
        _readers = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { NoResetOnClose = true }.ConnectionString);
        // Writers connect on their first batch: constructing a database does no I/O.
        _writer = new PostgresWriter(_dataSource, options.WriterConnections, options.MaxWriteBatch);
        _initialized = new Lazy<Task>(() => _writer.RunAsync(Prepare, CancellationToken.None));
    }

    public string Schema => _options.Schema;

    /// <summary>Transactions and operations committed by this process's writers (group-commit factor).</summary>
    public (long Transactions, long Operations, TimeSpan Busy) WriterStats => (_writer.Transactions, _writer.Operations, _writer.Busy);

    /// <summary>Prepares the schema once; every other method also waits for this, so calling it is optional.</summary>
    public Task InitializeAsync(CancellationToken cancellation) => _initialized.Value.WaitAsync(cancellation);

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

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _writer.Dispose();
        await _dataSource.DisposeAsync();
        await _readers.DisposeAsync();
    }
}
