namespace EnforcementFlows.Storage.Sqlite;

public sealed partial class SqliteDomainDatabase
{
    public string Dialect => "sqlite";

    public Task<T> RunInTransactionAsync<T>(Func<IDomainTransaction, T> work, CancellationToken cancellation)
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

    private sealed class Transaction(SqliteDomainDatabase database, WriteSession session) : IDomainTransaction
    {
        public string Dialect => database.Dialect;

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
    }
}
