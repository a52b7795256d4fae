using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using Npgsql;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>The group-committing writers: batching, and recovery from connections the server dropped.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWriterTests(PostgresServer server) : IAsyncLifetime
{
    private PostgresDurableStore _store = null!;
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await server.DatabaseForAsync(GetType());
        _store = new PostgresDurableStore(new PostgresStoreOptions { ConnectionString = _connectionString, Schema = $"w_{Guid.NewGuid():N}" });
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Concurrent_writes_share_transactions()
    {
        var (transactions, operations, _) = _store.WriterStats;
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => _store.StartAsync(new NewInstance($"g{i}", "Flow", null, null), CancellationToken.None)));
        var (afterTransactions, afterOperations, _) = _store.WriterStats;

        Assert.Equal(300, afterOperations - operations);
        Assert.True(afterTransactions - transactions < 300, $"{afterTransactions - transactions} transactions for 300 operations");
    }

    [Fact]
    public async Task Connections_the_server_dropped_are_replaced()
    {
        await _store.StartAsync(new NewInstance("before", "Flow", null, null), CancellationToken.None);
        await TerminateOtherSessionsAsync();

        // Each dropped connection may fail one call; then the store works again.
        var recovered = false;
        for (var attempt = 0; attempt < 10 && !recovered; attempt++)
        {
            try
            {
                await _store.StartAsync(new NewInstance("after", "Flow", null, null), CancellationToken.None);
                recovered = await _store.GetInstanceAsync("after", CancellationToken.None) is not null;
            }
            catch (NpgsqlException)
            {
            }
        }
        Assert.True(recovered);
        Assert.NotNull(await _store.GetInstanceAsync("before", CancellationToken.None));
    }

    private async Task TerminateOtherSessionsAsync()
    {
        await using var admin = new NpgsqlConnection(_connectionString);
        await admin.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
        await kill.ExecuteNonQueryAsync();
    }
}
