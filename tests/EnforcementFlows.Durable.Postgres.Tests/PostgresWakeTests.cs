using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using Npgsql;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>What a new message does to its instance's row (the messages_wake trigger), and signal-with-start of many from two processes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWakeTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private PostgresStoreOptions _options = null!;
    private PostgresDurableStore _a = null!;
    private PostgresDurableStore _b = null!;

    public async Task InitializeAsync()
    {
        _options = new PostgresStoreOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"k_{Guid.NewGuid():N}" };
        _a = new PostgresDurableStore(_options);
        _b = new PostgresDurableStore(_options);
        await Task.WhenAll(_a.InitializeAsync(CancellationToken.None), _b.InitializeAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_message_for_an_instance_already_due_leaves_its_row_alone()
    {
        await _a.StartAsync(new NewInstance("due", "Flow", null, null), CancellationToken.None);
        var before = await RowVersionAsync("due");

        await _a.SendAsync("due", new EventRaised("go", "1"), CancellationToken.None);
        await _a.SendAsync("due", new EventRaised("go", "2"), CancellationToken.None);

        Assert.Equal(before, await RowVersionAsync("due"));
        var claimed = Assert.Single(await _a.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Assert.Equal(3, claimed.Messages.Count);
    }

    [Fact]
    public async Task A_message_due_earlier_than_its_instance_still_wakes_it()
    {
        var later = DateTimeOffset.UtcNow.AddHours(1);
        await _a.StartAsync(new NewInstance("scheduled", "Flow", null, null) { StartAt = later }, CancellationToken.None);
        Assert.Empty(await _a.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));

        await _a.SendAsync("scheduled", new ExecutionTerminated("stop"), CancellationToken.None);

        var claimed = Assert.Single(await _a.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Assert.Contains(claimed.Messages, m => m.Event is ExecutionTerminated);
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

    /// <summary>The row version's transaction id: it changes whenever the row is rewritten.</summary>
    private async Task<string> RowVersionAsync(string instanceId)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_options.ConnectionString) { SearchPath = _options.Schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xmin::text || ':' || ctid::text FROM instances WHERE instance_id = @id", connection);
        command.Parameters.AddWithValue("id", instanceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
