namespace EnforcementFlows.Durable.Storage.Sqlite;

public sealed partial class SqliteDurableStore : ITransactionalDurableStore
{
    public string Dialect => "sqlite";

    public Task<T> RunInTransactionAsync<T>(Func<IDurableTransaction, T> work, CancellationToken cancellation)
        => Write(s => work(new Transaction(this, s)), cancellation);

    private sealed class Transaction(SqliteDurableStore store, WriteSession session) : IDurableTransaction
    {
        public string Dialect => store.Dialect;

        public int Execute(string sql, params object?[] args) => session.Execute(sql, args);

        public void Defer(string sql, params object?[] args) => session.Execute(sql, args);

        public T Participant<T>() where T : class, ICommitParticipant, new() => session.Participants.Get<T>(this);

        public object? Scalar(string sql, params object?[] args) => session.Scalar(sql, args);

        public List<T> Query<T>(string sql, Func<IRowReader, T> map, params object?[] args) => session.Query(sql, r => map(r), args);

        public void Script(string sql) => session.Script(sql);

        public StartOutcome SignalWithStart(NewInstance instance, EventRaised signal)
        {
            var started = store.StartedPayload(instance);
            var outcome = store.Start(session, instance, started);
            store.EnqueueSignal(session, instance.InstanceId, JsonData.SerializeEvent(signal with { Timestamp = store.Now() }), started);
            return outcome;
        }

        public StartOutcome Start(NewInstance instance) => store.Start(session, instance, store.StartedPayload(instance));

        public void StartIfAbsent(NewInstance instance)
        {
            if (session.Scalar("SELECT 1 FROM instances WHERE instance_id = $p0", instance.InstanceId) is null)
            {
                store.Start(session, instance, store.StartedPayload(instance));
            }
        }

        public void RaiseEvent(string instanceId, EventRaised signal)
        {
            var status = session.Scalar("SELECT status FROM instances WHERE instance_id = $p0", instanceId)
                ?? throw new InstanceNotFoundException(instanceId);
            if (((OrchestrationStatus)Convert.ToInt32(status)).IsTerminal())
            {
                throw new InstanceStateException($"Instance '{instanceId}' has finished; it accepts no more events.");
            }
            store.Enqueue(session, instanceId, null, signal with { Timestamp = store.Now() }, null);
        }
    }
}
