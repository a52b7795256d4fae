namespace EnforcementFlows.Storage;

/// <summary>
/// The domain database: the enforcement tables and the workflow outbox. Writes are operations that a
/// group-committing writer runs, several callers' operations per database transaction, each in its own
/// savepoint. Implementations: <see cref="Sqlite.SqliteDomainDatabase"/>, <see cref="Postgres.PostgresDomainDatabase"/>.
/// </summary>
public interface IDomainDatabase : IAsyncDisposable
{
    /// <summary>Database dialect of the SQL passed to the transaction ("sqlite", "postgres").</summary>
    string Dialect { get; }

    /// <summary>Opens the database and prepares what the store itself needs; every other method also waits for this.</summary>
    Task InitializeAsync(CancellationToken cancellation);

    /// <summary>Runs <paramref name="work"/> as one atomic operation; the task completes after its COMMIT.</summary>
    Task<T> RunInTransactionAsync<T>(Func<IDomainTransaction, T> work, CancellationToken cancellation);

    /// <summary>
    /// A read of committed data outside the writer (a pooled or reader connection): it neither waits for
    /// a group commit nor takes a writer's time. Not inside any transaction: for facts that a later
    /// transaction re-checks or that may be a moment old. Same SQL conventions as <see cref="IDomainTransaction"/>.
    /// </summary>
    Task<List<T>> QueryCommittedAsync<T>(string sql, Func<IRowReader, T> map, CancellationToken cancellation, params object?[] args);
}
