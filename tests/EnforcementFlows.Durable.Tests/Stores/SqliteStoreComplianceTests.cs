using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Sqlite;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests.Stores;

public sealed class SqliteStoreComplianceTests : DurableStoreCompliance
{
    private readonly TestDirectory _dir = new("sqlite-store");

    protected override Task<IDurableStore> CreateStoreAsync(TimeProvider clock)
        => Task.FromResult<IDurableStore>(new SqliteDurableStore(new SqliteStoreOptions { DatabasePath = _dir.File("store.db") }, clock));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Database_runs_in_WAL_mode()
    {
        await Store.StartAsync(New("x"), CancellationToken.None);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("store.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}
