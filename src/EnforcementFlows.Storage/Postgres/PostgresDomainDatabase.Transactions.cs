namespace EnforcementFlows.Storage.Postgres;

public sealed partial class PostgresDomainDatabase
{
    public string Dialect => "postgres";

    /// <summary>Runs on a writer connection, inside the group commit, in its own savepoint. Unqualified names resolve to the store's schema.</summary>
    public Task<T> RunInTransactionAsync<T>(Func<IDomainTransaction, T> work, CancellationToken cancellation)
        => Write(s => work(new Transaction(this, s)), cancellation);

    /// <summary>Activities read through this by the hundred at once: a few pooled connections serve them all, so
    /// several processes stay far from the server's connection limit.</summary>
    private readonly SemaphoreSlim _committedReads = new(8);

    public async Task<List<T>> QueryCommittedAsync<T>(string sql, Func<IRowReader, T> map, CancellationToken cancellation, params object?[] args)
    {
        await _committedReads.WaitAsync(cancellation);
        try
        {
            return await ReadAsync(ApplicationSql.ToNpgsql(sql), r => map(r), cancellation, args);
        }
        finally
        {
            _committedReads.Release();
        }
    }

    private sealed class Transaction(PostgresDomainDatabase database, PostgresSession session) : IDomainTransaction
    {
        public string Dialect => database.Dialect;

        public int Execute(string sql, params object?[] args) => session.Execute(ApplicationSql.ToNpgsql(sql), args);

        public void Defer(string sql, params object?[] args) => session.DeferWrite(ApplicationSql.ToNpgsql(sql), args);

        public void DeferExpecting(int rows, string sql, params object?[] args) => session.DeferWrite(ApplicationSql.ToNpgsql(sql), args, rows);

        public T Participant<T>() where T : class, ICommitParticipant, new() => session.Participants.Get<T>(this);

        public object? Scalar(string sql, params object?[] args) => session.Scalar(ApplicationSql.ToNpgsql(sql), args);

        public List<T> Query<T>(string sql, Func<IRowReader, T> map, params object?[] args) => session.Query(ApplicationSql.ToNpgsql(sql), r => map(r), args);

        public void Script(string sql) => session.Script(sql);
    }
}
