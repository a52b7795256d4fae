namespace EnforcementFlows.Durable.Storage.Postgres;

public sealed partial class PostgresDurableStore : ITransactionalDurableStore
{
    public string Dialect => "postgres";

    /// <summary>Runs on a writer connection, inside the group commit, in its own savepoint. Unqualified names resolve to the store's schema.</summary>
    public Task<T> RunInTransactionAsync<T>(Func<IDurableTransaction, T> work, CancellationToken cancellation)
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

    private sealed class Transaction(PostgresDurableStore store, PostgresSession session) : IDurableTransaction
    {
        public string Dialect => store.Dialect;

        public int Execute(string sql, params object?[] args) => session.Execute(ApplicationSql.ToNpgsql(sql), args);

        public void Defer(string sql, params object?[] args) => session.DeferWrite(ApplicationSql.ToNpgsql(sql), args);

        public void DeferExpecting(int rows, string sql, params object?[] args) => session.DeferWrite(ApplicationSql.ToNpgsql(sql), args, rows);

        public T Participant<T>() where T : class, ICommitParticipant, new() => session.Participants.Get<T>(this);

        public object? Scalar(string sql, params object?[] args) => session.Scalar(ApplicationSql.ToNpgsql(sql), args);

        public List<T> Query<T>(string sql, Func<IRowReader, T> map, params object?[] args) => session.Query(ApplicationSql.ToNpgsql(sql), r => map(r), args);

        public void Script(string sql) => session.Script(sql);

        public StartOutcome SignalWithStart(NewInstance instance, EventRaised signal) => store.SignalWithStart(session, instance, signal);

        public void SignalWithStart(IReadOnlyList<(NewInstance Instance, EventRaised Signal)> items) => store.SignalWithStart(session, items);

        public StartOutcome Start(NewInstance instance) => store.Start(session, instance, store.StartedPayload(instance));

        public void StartIfAbsent(NewInstance instance) => store.StartIfAbsent(session, instance, store.StartedPayload(instance));

        public void RaiseEvent(string instanceId, EventRaised signal)
        {
            var status = LockedStatus(session, instanceId) ?? throw new InstanceNotFoundException(instanceId);
            if (status.IsTerminal())
            {
                throw new InstanceStateException($"Instance '{instanceId}' has finished; it accepts no more events.");
            }
            store.Enqueue(session, instanceId, null, signal with { Timestamp = store.Now() }, null);
        }
    }
}
