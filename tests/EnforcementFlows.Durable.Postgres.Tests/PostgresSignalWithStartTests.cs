using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>Signal-with-start of many instances (intake's batches) from two processes at once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSignalWithStartTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private PostgresDurableStore _a = null!;
    private PostgresDurableStore _b = null!;

    public async Task InitializeAsync()
    {
        var options = new PostgresStoreOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"sws_{Guid.NewGuid():N}" };
        _a = new PostgresDurableStore(options);
        _b = new PostgresDurableStore(options);
        await Task.WhenAll(_a.InitializeAsync(CancellationToken.None), _b.InitializeAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Two_processes_signal_with_start_of_overlapping_instances_once_each()
    {
        // Each transaction signals all 40 instances, in a different order; every instance must exist once, with every signal.
        var ids = Enumerable.Range(0, 40).Select(i => $"acct-{i:D2}").ToArray();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(round =>
        {
            var store = round % 2 == 0 ? _a : _b;
            var order = round % 3 == 0 ? ids.Reverse() : ids;
            return store.RunInTransactionAsync(tx =>
            {
                tx.SignalWithStart(order.Select(id => (new NewInstance(id, "Flow", null, null), new EventRaised("go", $"\"{round}\""))).ToList());
                return 0;
            }, CancellationToken.None);
        }));

        var claimed = await _a.ClaimOrchestrationsAsync("w1", 100, Lease, CancellationToken.None);
        Assert.Equal(ids, claimed.Select(c => c.InstanceId).Order(StringComparer.Ordinal));
        Assert.All(claimed, c =>
        {
            Assert.Equal(1, c.Messages.Count(m => m.Event is ExecutionStarted));
            Assert.Equal(8, c.Messages.Count(m => m.Event is EventRaised));
        });
    }
}
