using EnforcementFlows.Storage.Postgres;
using EnforcementFlows.Storage.Tests.Infrastructure;
using Npgsql;

namespace EnforcementFlows.Storage.Tests.Postgres;

/// <summary>The group-committing writers: batching, and recovery from connections the server dropped.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriterTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresDomainDatabase _database = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await server.DatabaseForAsync(GetType());
        _database = new PostgresDomainDatabase(new PostgresDatabaseOptions { ConnectionString = _connectionString, Schema = $"w_{Guid.NewGuid():N}" });
        await _database.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE g (id TEXT PRIMARY KEY)"); return 0; }, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Concurrent_writes_share_transactions()
    {
        var (transactions, operations, _) = _database.WriterStats;
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Insert($"g{i}")));
        var (afterTransactions, afterOperations, _) = _database.WriterStats;

        Assert.Equal(300, afterOperations - operations);
        Assert.True(afterTransactions - transactions < 300, $"{afterTransactions - transactions} transactions for 300 operations");
    }

    [Fact]
    public async Task Connections_the_server_dropped_are_replaced()
    {
        await Insert("before");
        await TerminateOtherSessionsAsync();

        // Each dropped connection may fail one call; then the store works again.
        var recovered = false;
        for (var attempt = 0; attempt < 10 && !recovered; attempt++)
        {
            try
            {
                await Insert("after");
                recovered = (await Ids()).Contains("after");
            }
            catch (NpgsqlException)
            {
            }
        }
        Assert.True(recovered);
        Assert.Contains("before", await Ids());
    }

    private Task<int> Insert(string id) => _database.RunInTransactionAsync(tx => tx.Execute("INSERT INTO g (id) VALUES ($p0)", id), CancellationToken.None);

    private Task<List<string>> Ids() => _database.QueryCommittedAsync("SELECT id FROM g", r => r.GetString(0), CancellationToken.None);

    private async Task TerminateOtherSessionsAsync()
    {
        await using var admin = new NpgsqlConnection(_connectionString);
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
        await kill.ExecuteNonQueryAsync();
    }
}
