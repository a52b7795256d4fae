namespace EnforcementFlows.Storage;

/// <summary>
/// One atomic operation on the domain database. Parameters are positional and spelled the same on every
/// store: $p0, $p1, ... Write SQL both SQLite and PostgreSQL accept (ON CONFLICT, COALESCE, CAST); where they
/// differ, branch on <see cref="Dialect"/>. Runs on the store's writer: keep the work short and do no I/O inside it.
/// </summary>
public interface IDomainTransaction
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
