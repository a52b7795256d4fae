using EnforcementFlows.Storage.Sqlite;
using EnforcementFlows.Storage.Tests.Compliance;
using EnforcementFlows.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.Storage.Tests.Sqlite;

public sealed class SqliteDomainDatabaseTests : DomainDatabaseCompliance
{
    private readonly TestDirectory _dir = new("sqlite-domain");

    protected override Task<IDomainDatabase> CreateDatabaseAsync()
        => Task.FromResult<IDomainDatabase>(new SqliteDomainDatabase(new SqliteDatabaseOptions { DatabasePath = _dir.File("domain.db") }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_file_runs_in_WAL_mode()
    {
        await Database.RunInTransactionAsync(tx => tx.Execute("CREATE TABLE t (x INTEGER)"), CancellationToken.None);
        using var connection = new SqliteConnection($"Data Source={_dir.File("domain.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Concurrent_operations_share_transactions()
    {
        var sqlite = (SqliteDomainDatabase)Database;
        await Database.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE g (id INTEGER PRIMARY KEY)"); return 0; }, CancellationToken.None);
        var before = sqlite.WriterStats;
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Database.RunInTransactionAsync(tx => tx.Execute("INSERT INTO g (id) VALUES ($p0)", i), CancellationToken.None)));
        var after = sqlite.WriterStats;

        Assert.Equal(300, after.Operations - before.Operations);
        Assert.True(after.Transactions - before.Transactions < 300, $"{after.Transactions - before.Transactions} transactions for 300 operations");
    }
}
