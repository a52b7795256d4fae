using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Durable.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through one group-committing
/// writer per process; reads use pooled connections and never block writers. Several processes
/// may share a file (SQLite's file lock serialises them), which the crash tests rely on.
/// </summary>
public sealed partial class SqliteDurableStore : IDurableStore
{
    /// <summary>Counters of this process's writer, for benchmarks and diagnostics.</summary>
    public readonly record struct WriterStatistics(long Transactions, long Operations, TimeSpan Busy, TimeSpan CommitBusy);

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly Lazy<Task> _initialized;
    private SqliteWriter? _writer;

    public SqliteDurableStore(SqliteStoreOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        var path = Path.GetFullPath(options.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _initialized = new Lazy<Task>(CreateSchemaAsync);
    }

    public event Action? WorkEnqueued;
    public event Action<string>? InstanceFinished;

    public string DatabasePath => Path.GetFullPath(_options.DatabasePath);

    /// <summary>Transactions and operations committed by this process's writer (group-commit factor).</summary>
    public WriterStatistics WriterStats => _writer is null ? default : new(_writer.Transactions, _writer.Operations, _writer.Busy, _writer.CommitBusy);

    /// <summary>Creates the schema once; every other method also waits for this, so calling it is optional.</summary>
    public Task InitializeAsync(CancellationToken cancellation) => _initialized.Value.WaitAsync(cancellation);

    private Task CreateSchemaAsync()
    {
        _writer = new SqliteWriter(_connectionString, _options.FullDurability, _options.MaxWriteBatch, AfterCommit);
        return _writer.RunAsync(s =>
        {
            s.Script(SqliteSchema.Create);
            var version = s.Scalar("SELECT MAX(version) FROM durable_schema");
            if (version is null)
            {
                s.Execute("INSERT INTO durable_schema (version) VALUES ($p0)", SqliteSchema.Version);
            }
            else if (Convert.ToInt32(version) > SqliteSchema.Version)
            {
                throw new InvalidOperationException($"Database '{DatabasePath}' has schema version {version}; this build understands up to {SqliteSchema.Version}.");
            }
            else if (Convert.ToInt32(version) < SqliteSchema.Version)
            {
                if (Convert.ToInt32(version) == 1)
                {
                    s.Script(SqliteSchema.UpgradeTo2);
                }
                s.Script(SqliteSchema.UpgradeTo3);
                s.Execute("INSERT INTO durable_schema (version) VALUES ($p0)", SqliteSchema.Version);
            }
            return 0;
        }, CancellationToken.None);
    }

    private void AfterCommit(WriteSession session)
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

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        _writer = null;
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}
