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

    /// <summary>
    /// A write whose row count nobody reads. A store may hold it back and send it with the next
    /// statement that needs an answer (PostgreSQL: one round trip for many), so its error can surface
    /// there or at commit; either way the whole operation fails and nothing of it is kept.
    /// </summary>
    void Defer(string sql, params object?[] args);

    /// <summary>
    /// <see cref="Defer"/> for a write that must change exactly <paramref name="rows"/> rows: a guard for a fact read
    /// before the transaction (no round trip to re-read it inside). Otherwise the operation fails with
    /// <see cref="UnexpectedRowCountException"/> and nothing of it is kept. (PostgreSQL checks the count on the server,
    /// so the write can ride with COMMIT; a miss aborts the group commit, which runs again without the failing operation.)
    /// </summary>
    void DeferExpecting(int rows, string sql, params object?[] args);

    /// <summary>
    /// The transaction-wide instance of <typeparamref name="T"/>, created on first use: state that every
    /// operation of one group commit shares and that gets one last say just before COMMIT.
    /// </summary>
    T Participant<T>() where T : class, ICommitParticipant, new();

    object? Scalar(string sql, params object?[] args);

    List<T> Query<T>(string sql, Func<IRowReader, T> map, params object?[] args);

    /// <summary>Runs SQL text with several statements and no parameters (schema creation).</summary>
    void Script(string sql);

    /// <summary><see cref="IDurableStore.SignalWithStartAsync"/> inside this transaction.</summary>
    StartOutcome SignalWithStart(NewInstance instance, EventRaised signal);

    /// <summary>
    /// <see cref="SignalWithStart(NewInstance, EventRaised)"/> for each item, in order, with the same effect;
    /// a store may do it in a few statements (PostgreSQL: one round trip, and one statement riding with the next, for any number of items).
    /// </summary>
    void SignalWithStart(IReadOnlyList<(NewInstance Instance, EventRaised Signal)> items);

    /// <summary>Starts (or leaves running) an instance inside this transaction.</summary>
    StartOutcome Start(NewInstance instance);

    /// <summary>
    /// Creates the instance unless one with its id exists in any state (a finished one is not
    /// restarted). No outcome, so the write can ride with the next round trip: for ids that are new by
    /// construction, such as one derived from a row this transaction inserts.
    /// </summary>
    void StartIfAbsent(NewInstance instance);

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

    /// <summary>
    /// A read of committed data outside the writer (a pooled or reader connection): it neither waits for
    /// a group commit nor takes a writer's time. Not inside any transaction: for facts that a later
    /// transaction re-checks or that may be a moment old. Same SQL conventions as <see cref="IDurableTransaction"/>.
    /// </summary>
    Task<List<T>> QueryCommittedAsync<T>(string sql, Func<IRowReader, T> map, CancellationToken cancellation, params object?[] args);
}
