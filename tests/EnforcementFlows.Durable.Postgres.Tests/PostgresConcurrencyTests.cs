using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>Two stores on one database stand for two worker processes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private PostgresDurableStore _a = null!;
    private PostgresDurableStore _b = null!;

    public async Task InitializeAsync()
    {
        var options = new PostgresStoreOptions { ConnectionString = await server.DatabaseForAsync(GetType()), Schema = $"c_{Guid.NewGuid():N}" };
        _a = new PostgresDurableStore(options, _clock);
        _b = new PostgresDurableStore(options, _clock);
        await Task.WhenAll(_a.InitializeAsync(CancellationToken.None), _b.InitializeAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private Task StartManyAsync(int count)
        => Task.WhenAll(Enumerable.Range(0, count).Select(i => _a.StartAsync(new NewInstance($"i{i:D3}", "Flow", null, null), CancellationToken.None)));

    /// <summary>Claims in small batches, several at a time, until the store has nothing left.</summary>
    private static async Task<List<OrchestrationWorkItem>> DrainAsync(IDurableStore store, string worker)
    {
        var claimed = new List<OrchestrationWorkItem>();
        while (true)
        {
            var rounds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => store.ClaimOrchestrationsAsync(worker, 7, Lease, CancellationToken.None)));
            if (rounds.All(r => r.Count == 0))
            {
                return claimed;
            }
            claimed.AddRange(rounds.SelectMany(r => r));
        }
    }

    [Fact]
    public async Task Two_processes_claiming_at_once_take_each_instance_exactly_once()
    {
        await StartManyAsync(150);

        // Rounds of three claims from each store at once, until neither finds anything.
        var claimedBy = new Dictionary<string, List<string>> { ["w-a"] = [], ["w-b"] = [] };
        while (true)
        {
            var round = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[]
            {
                Claim(_a, "w-a"),
                Claim(_b, "w-b"),
            }));
            if (round.All(r => r.Items.Count == 0))
            {
                break;
            }
            foreach (var (worker, items) in round)
            {
                claimedBy[worker].AddRange(items.Select(i => i.InstanceId));
            }
        }

        var all = claimedBy.Values.SelectMany(ids => ids).ToList();
        Assert.Equal(150, all.Count);
        Assert.Equal(150, all.Distinct().Count());
        Assert.All(claimedBy.Values, ids => Assert.NotEmpty(ids));
    }

    private static async Task<(string Worker, IReadOnlyList<OrchestrationWorkItem> Items)> Claim(IDurableStore store, string worker)
        => (worker, await store.ClaimOrchestrationsAsync(worker, 5, Lease, CancellationToken.None));

    [Fact]
    public async Task Two_workers_racing_to_recover_the_same_expired_lease_commit_the_turn_once()
    {
        await StartManyAsync(40);
        var crashed = await DrainAsync(_a, "w-crashed");
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var recovered = await Task.WhenAll(DrainAsync(_a, "w-a"), DrainAsync(_b, "w-b"));
        Assert.Equal(40, recovered.Sum(r => r.Count));

        // Every worker that ever held a lease tries to commit, all at once: only the holders succeed.
        var started = new OrchestratorStarted { Timestamp = _clock.GetUtcNow().UtcDateTime };
        var attempts = await Task.WhenAll(
            Commit(_b, "w-crashed", crashed, started),
            Commit(_a, "w-a", recovered[0], started),
            Commit(_b, "w-b", recovered[1], started),
            Commit(_a, "w-b", recovered[1], started)); // a retry of the same commit from another connection
        Assert.All(attempts[0], committed => Assert.False(committed));
        Assert.All(attempts[1], committed => Assert.True(committed));
        Assert.Equal(recovered[1].Count, attempts[2].Count(c => c) + attempts[3].Count(c => c));
        foreach (var item in crashed)
        {
            Assert.Single((await _a.GetHistoryAsync(item.InstanceId, CancellationToken.None)).OfType<OrchestratorStarted>());
        }
    }

    private static Task<IReadOnlyList<bool>> Commit(IDurableStore store, string worker, IEnumerable<OrchestrationWorkItem> items, HistoryEvent started)
        => store.CommitOrchestrationsAsync(worker, items.Select(item => new OrchestrationTurn(
            item.InstanceId, item.ExecutionId, item.Messages.Select(m => m.Id).ToList(), [started, .. item.Messages.Select(m => m.Event)],
            OrchestrationStatus.Running, null, null, null, [], [], [])).ToList(), CancellationToken.None);

    [Fact]
    public async Task Work_committed_by_one_process_wakes_the_other_through_a_notification()
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _b.WorkEnqueued += () => woken.TrySetResult();
        await Task.Delay(300); // the listener's connection is up; its catch-up wake-up has passed
        woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await _a.StartAsync(new NewInstance("ping", "Flow", null, null), CancellationToken.None);

        await woken.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
