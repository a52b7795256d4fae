namespace EnforcementFlows.Durable.Storage;

/// <summary>
/// One atomic unit of work in the runtime's database, for application tables that must commit
/// together with runtime state (for example: an intake receipt and the signal-with-start of the
/// case it joins). Parameters are positional and spelled the same on every store: $p0, $p1, ...
/// Write SQL both SQLite and PostgreSQL accept (ON CONFLICT, COALESCE, CAST); where they differ,
/// branch on <see cref="Dialect"/>. Runs on the store's writer: keep the work short and do no I/O inside it.
/// </summary>
public interface IDurableTransaction
{
    /// <summary>The store's SQL dialect ("sqlite", "postgres").</summary>
    string Dialect { get; }

    int Execute(string sql, params object?[] args);

    object? Scalar(string sql, params object?[] args);

    List<T> Query<T>(string sql, Func<IRowReader, T> map, params object?[] args);

    /// <summary>Runs SQL text with several statements and no parameters (schema creation).</summary>
    void Script(string sql);

    /// <summary><see cref="IDurableStore.SignalWithStartAsync"/> inside this transaction.</summary>
    StartOutcome SignalWithStart(NewInstance instance, EventRaised signal);

    /// <summary>Starts (or leaves running) an instance inside this transaction.</summary>
    StartOutcome Start(NewInstance instance);

    /// <summary>Raises an event on an existing instance inside this transaction.</summary>
    void RaiseEvent(string instanceId, EventRaised signal);
}

/// <summary>The current row of a query.</summary>
public interface IRowReader
{
    bool IsDBNull(int ordinal);
    string GetString(int ordinal);
    long GetInt64(int ordinal);
    int GetInt32(int ordinal);
    double GetDouble(int ordinal);
}

/// <summary>Implemented by stores that let applications write their own tables atomically with runtime state.</summary>
public interface ITransactionalDurableStore : IDurableStore
{
    /// <summary>Database dialect of the SQL passed to the transaction ("sqlite", "postgres").</summary>
    string Dialect { get; }

    Task<T> RunInTransactionAsync<T>(Func<IDurableTransaction, T> work, CancellationToken cancellation);
}
