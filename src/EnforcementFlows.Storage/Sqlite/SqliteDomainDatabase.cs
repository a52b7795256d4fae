using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Storage.Sqlite;

/// <summary>
/// The embedded domain database: one SQLite file in WAL mode. Writes go through one group-committing
/// writer per process; reads use pooled connections and never block writers. Several processes
/// may share a file (SQLite's file lock serialises them), which the crash tests rely on.
/// </summary>
public sealed partial class SqliteDomainDatabase : IDomainDatabase
{
    /// <summary>Counters of this process's writer, for benchmarks and diagnostics.</summary>
    public readonly record struct WriterStatistics(long Transactions, long Operations, TimeSpan Busy, TimeSpan CommitBusy);

    private readonly SqliteDatabaseOptions _options;
    private readonly string _connectionString;
    private readonly Lazy<Task> _initialized;
    private SqliteWriter? _writer;

    public SqliteDomainDatabase(SqliteDatabaseOptions options)
    {
        _options = options;
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _initialized = new Lazy<Task>(OpenWriterAsync);
    }

    public string DatabasePath => Path.GetFullPath(_options.DatabasePath);

    /// <summary>Transactions and operations committed by this process's writer (group-commit factor).</summary>
    public WriterStatistics WriterStats => _writer is null ? default : new(_writer.Transactions, _writer.Operations, _writer.Busy, _writer.CommitBusy);

    /// <summary>Opens the writer once; every other method also waits for this, so calling it is optional.</summary>
    public Task InitializeAsync(CancellationToken cancellation) => _initialized.Value.WaitAsync(cancellation);

    private Task OpenWriterAsync()
    {
        // The writer's first transaction proves the file is writable (a read-only file fails here, at start).
        _writer = new SqliteWriter(_connectionString, _options.FullDurability, _options.MaxWriteBatch);
        return _writer.RunAsync(s => s.Scalar("SELECT 1"), CancellationToken.None);
    }

    private async Task<T> Write<T>(Func<WriteSession, T> work, CancellationToken cancellation)
    {
        await _initialized.Value.WaitAsync(cancellation);
        ObjectDisposedException.ThrowIf(_writer is null, this);
        return await _writer.RunAsync(work, cancellation);
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellation)
    {
        await _initialized.Value.WaitAsync(cancellation);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellation);
        return connection;
    }

    public ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        _writer = null;
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
