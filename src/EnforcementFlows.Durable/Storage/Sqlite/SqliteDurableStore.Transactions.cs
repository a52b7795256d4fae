namespace EnforcementFlows.Durable.Storage.Sqlite;

public sealed partial class SqliteDurableStore : ITransactionalDurableStore
{
    public string Dialect => "sqlite";

    public Task<T> RunInTransactionAsync<T>(Func<IDurableTransaction, T> work, CancellationToken cancellation)
        => Write(s => work(new Transaction(this, s)), cancellation);

    public async Task<List<T>> QueryCommittedAsync<T>(string sql, Func<IRowReader, T> map, CancellationToken cancellation, params object?[] args)
    {
        await using var connection = await OpenReaderAsync(cancellation);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // application SQL: constants with $pN parameters
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, args[i] ?? DBNull.Value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<T>();
        var row = new ReaderRow(reader);
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(map(row));
        }
        return rows;
    }

    /// <summary>The current row of a reader connection's query.</summary>
    private sealed class ReaderRow(Microsoft.Data.Sqlite.SqliteDataReader reader) : IRowReader
    {
        public bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);
        public string GetString(int ordinal) => reader.GetString(ordinal);
        public long GetInt64(int ordinal) => reader.GetInt64(ordinal);
        public int GetInt32(int ordinal) => reader.GetInt32(ordinal);
        public double GetDouble(int ordinal) => reader.GetDouble(ordinal);
    }

    private sealed class Transaction(SqliteDurableStore store, WriteSession session) : IDurableTransaction
    {
        public string Dialect => store.Dialect;

        public int Execute(string sql, params object?[] args) => session.Execute(sql, args);

        public void Defer(string sql, params object?[] args) => session.Execute(sql, args);

        public void DeferExpecting(int rows, string sql, params object?[] args)
        {
            var changed = session.Execute(sql, args);
            if (changed != rows)
            {
                throw new UnexpectedRowCountException(rows, changed);
            }
        }

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

        public void SignalWithStart(IReadOnlyList<(NewInstance Instance, EventRaised Signal)> items)
        {
            // One writer in-process: a statement per item costs no round trip.
            foreach (var (instance, signal) in items)
            {
                SignalWithStart(instance, signal);
            }
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
