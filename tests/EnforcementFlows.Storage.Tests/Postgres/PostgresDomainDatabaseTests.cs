using EnforcementFlows.Storage.Postgres;
using EnforcementFlows.Storage.Tests.Compliance;
using EnforcementFlows.Storage.Tests.Infrastructure;

namespace EnforcementFlows.Storage.Tests.Postgres;

/// <summary>
/// The contract on PostgreSQL. The class shares one database; every test gets a schema of its own
/// (the Schema option), so tests start empty without a CREATE DATABASE each.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDomainDatabaseTests(PostgresServer server) : DomainDatabaseCompliance
{
    protected override async Task<IDomainDatabase> CreateDatabaseAsync()
        => new PostgresDomainDatabase(new PostgresDatabaseOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"t_{Guid.NewGuid():N}" });

    [Fact]
    public async Task Processes_starting_at_once_each_find_the_schema_and_its_guard_ready()
    {
        var options = new PostgresDatabaseOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"m_{Guid.NewGuid():N}" };
        var databases = Enumerable.Range(0, 4).Select(_ => new PostgresDomainDatabase(options)).ToList();
        try
        {
            await Task.WhenAll(databases.Select(d => d.InitializeAsync(CancellationToken.None)));
            var schemas = await databases[3].QueryCommittedAsync(
                "SELECT COUNT(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $p0 AND p.proname = 'expect_rows'",
                r => r.GetInt32(0), CancellationToken.None, options.Schema);
            Assert.Equal([1], schemas);
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Options_name_the_configuration_key_of_a_bad_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PostgresDatabaseOptions { ConnectionString = "Host=x", Schema = "Bad-Name" }.Validate());
        Assert.Contains("EnforcementFlows:Storage:Schema", error.Message);
    }
}
