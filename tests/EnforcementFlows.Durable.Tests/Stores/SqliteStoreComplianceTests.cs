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

    /// <summary>A version-2 file (before scheduled starts) is upgraded in place, keeping its instances.</summary>
    [Fact]
    public async Task A_version_2_database_is_upgraded_to_scheduled_starts_keeping_its_instances()
    {
        await Store.StartAsync(New("kept"), CancellationToken.None);
        await Store.DisposeAsync();
        Execute("""
            DROP TRIGGER messages_wake;
            ALTER TABLE instances DROP COLUMN start_at;
            CREATE TRIGGER messages_wake AFTER INSERT ON messages
            BEGIN
                UPDATE instances SET ready_at = MIN(COALESCE(ready_at, NEW.visible_at), NEW.visible_at)
                WHERE instance_id = NEW.instance_id AND (status <> 2 OR NEW.control = 1);
            END;
            DELETE FROM durable_schema;
            INSERT INTO durable_schema (version) VALUES (2);
            """);

        await using var upgraded = new SqliteDurableStore(new SqliteStoreOptions { DatabasePath = _dir.File("store.db") }, Clock);
        await upgraded.StartAsync(New("later") with { StartAt = Clock.GetUtcNow().AddHours(1) }, CancellationToken.None);
        await upgraded.SendAsync("later", new EventRaised("e", null), CancellationToken.None);

        var item = Assert.Single(await upgraded.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Assert.Equal("kept", item.InstanceId); // "later" waits for its start despite the event
        Assert.Equal("3", Execute("SELECT MAX(version) FROM durable_schema"));
    }

    private string? Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("store.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
