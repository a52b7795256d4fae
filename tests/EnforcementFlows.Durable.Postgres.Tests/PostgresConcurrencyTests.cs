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

    [Fact]
    public async Task Two_workers_racing_to_recover_the_same_expired_activity_leases_deliver_each_result_once()
    {
        // 20 instances with two activities each, all claimed by a worker that then dies.
        await StartManyAsync(20);
        var started = new OrchestratorStarted { Timestamp = _clock.GetUtcNow().UtcDateTime };
        var turns = (await DrainAsync(_a, "w-a")).Select(item => new OrchestrationTurn(
            item.InstanceId, item.ExecutionId, item.Messages.Select(m => m.Id).ToList(), [started, .. item.Messages.Select(m => m.Event)],
            OrchestrationStatus.Running, null, null, null, [new NewActivity(0, "Act", "\"x\"", 0, 1), new NewActivity(1, "Act", "\"y\"", 1, 1)], [], [])).ToList();
        Assert.All(await _a.CommitOrchestrationsAsync("w-a", turns, CancellationToken.None), Assert.True);
        var crashed = await _a.ClaimActivitiesAsync("w-crashed", 100, Lease, CancellationToken.None);
        Assert.Equal(40, crashed.Count);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        // Both survivors claim at once, in small batches: every activity is recovered by exactly one of them.
        var recovered = await Task.WhenAll(DrainActivitiesAsync(_a, "w-a"), DrainActivitiesAsync(_b, "w-b"));
        Assert.Equal(40, recovered.Sum(r => r.Count));
        Assert.Equal(40, recovered.SelectMany(r => r).Select(i => i.Id).Distinct().Count());
        Assert.All(recovered.SelectMany(r => r), i => Assert.Equal(2, i.Deliveries));

        // Everyone who ever held a lease reports at once (the dead worker's results arrive late): one result per call.
        static List<ActivityResult> Results(IEnumerable<ActivityWorkItem> items)
            => items.Select(i => new ActivityResult(i.Id, i.InstanceId, i.ExecutionId, new TaskCompleted(i.TaskId, "\"ok\""))).ToList();
        var reports = await Task.WhenAll(
            _b.CompleteActivitiesAsync("w-crashed", Results(crashed), CancellationToken.None),
            _a.CompleteActivitiesAsync("w-a", Results(recovered[0]), CancellationToken.None),
            _b.CompleteActivitiesAsync("w-b", Results(recovered[1]), CancellationToken.None),
            _a.CompleteActivitiesAsync("w-b", Results(recovered[1]), CancellationToken.None)); // a retry from another connection
        Assert.All(reports[0], Assert.False);
        Assert.All(reports[1], Assert.True);
        Assert.Equal(recovered[1].Count, reports[2].Count(c => c) + reports[3].Count(c => c));

        var inboxes = await DrainAsync(_b, "w-next");
        Assert.Equal(20, inboxes.Count);
        Assert.All(inboxes, item => Assert.Equal([0, 1], item.Messages.Select(m => ((TaskCompleted)m.Event).TaskId).Order()));
    }

    private static async Task<List<ActivityWorkItem>> DrainActivitiesAsync(IDurableStore store, string worker)
    {
        var claimed = new List<ActivityWorkItem>();
        while (true)
        {
            var rounds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => store.ClaimActivitiesAsync(worker, 3, Lease, CancellationToken.None)));
            if (rounds.All(r => r.Count == 0))
            {
                return claimed;
            }
            claimed.AddRange(rounds.SelectMany(r => r));
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
