using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using EnforcementFlows.Durable.Tests.Stores;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>
/// The store contract on PostgreSQL. The class shares one database; every test gets a schema
/// of its own (the store's Schema option), so tests start empty without a CREATE DATABASE each.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreComplianceTests(PostgresServer server) : DurableStoreCompliance
{
    protected override async Task<IDurableStore> CreateStoreAsync(TimeProvider clock)
        => new PostgresDurableStore(new PostgresStoreOptions
        {
            ConnectionString = await server.DatabaseForAsync(GetType()),
            Schema = $"t_{Guid.NewGuid():N}",
        }, clock);

    [Fact]
    public async Task Stores_starting_at_once_apply_each_migration_once()
    {
        var options = new PostgresStoreOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"m_{Guid.NewGuid():N}" };
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresDurableStore(options, Clock)).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync(CancellationToken.None)));
            var versions = await stores[0].RunInTransactionAsync(tx => tx.Query("SELECT version FROM schema_version", r => r.GetInt32(0)), CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, PostgresSchema.Migrations.Length), versions.Order());
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Options_name_the_configuration_key_of_a_bad_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PostgresStoreOptions { ConnectionString = "Host=x", Schema = "Bad-Name" }.Validate());
        Assert.Contains("Durable:Postgres:Schema", error.Message);
    }

    [Fact]
    public async Task Queries_filter_by_status_name_prefix_and_creation_and_page_newest_first()
    {
        foreach (var id in new[] { "case-a", "case-b", "case-c", "case-d", "other-e" })
        {
            await Store.StartAsync(New(id), CancellationToken.None);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await Store.StartAsync(new NewInstance("case-x", "Other", null, null), CancellationToken.None);
        var from = Clock.GetUtcNow() - TimeSpan.FromSeconds(4);

        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await Store.QueryInstancesAsync(new InstanceQuery
            {
                InstanceIdPrefix = "case-", Name = "Flow", Statuses = [OrchestrationStatus.Pending], CreatedFrom = from, PageSize = 2, ContinuationToken = token,
            }, CancellationToken.None);
            Assert.True(page.Instances.Count <= 2);
            ids.AddRange(page.Instances.Select(i => i.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["case-d", "case-c", "case-b"], ids);
        Assert.Empty((await Store.QueryInstancesAsync(new InstanceQuery { Statuses = [OrchestrationStatus.Completed] }, CancellationToken.None)).Instances);
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => Store.GetHistoryAsync("ghost", CancellationToken.None));
    }
}
