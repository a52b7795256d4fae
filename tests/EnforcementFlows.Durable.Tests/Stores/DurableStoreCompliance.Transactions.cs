using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Tests.Stores;

public abstract partial class DurableStoreCompliance
{
    private ITransactionalDurableStore Transactional => Assert.IsAssignableFrom<ITransactionalDurableStore>(Store);

    private string P(int i) => Transactional.Dialect == "sqlite" ? $"$p{i}" : $"@p{i}";

    [Fact]
    public async Task Application_rows_and_signal_with_start_commit_together()
    {
        await Transactional.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE IF NOT EXISTS app_receipts (id TEXT PRIMARY KEY)"); return 0; }, CancellationToken.None);
        await Transactional.RunInTransactionAsync(tx =>
        {
            tx.Execute($"INSERT INTO app_receipts (id) VALUES ({P(0)})", "r1");
            return tx.SignalWithStart(New("acct-1"), new EventRaised("signal", "1"));
        }, CancellationToken.None);

        var count = await Transactional.RunInTransactionAsync(tx => Convert.ToInt32(tx.Scalar("SELECT COUNT(*) FROM app_receipts")), CancellationToken.None);
        Assert.Equal(1, count);
        Assert.Equal(2, (await ClaimOne()).Messages.Count);
    }

    [Fact]
    public async Task A_failing_transaction_leaves_nothing_behind_and_does_not_disturb_its_neighbours()
    {
        await Transactional.RunInTransactionAsync(tx => { tx.Script("CREATE TABLE IF NOT EXISTS app_receipts (id TEXT PRIMARY KEY)"); return 0; }, CancellationToken.None);
        var failing = Transactional.RunInTransactionAsync<int>(tx =>
        {
            tx.Execute($"INSERT INTO app_receipts (id) VALUES ({P(0)})", "dup");
            tx.SignalWithStart(New("acct-2"), new EventRaised("signal", "1"));
            tx.Execute($"INSERT INTO app_receipts (id) VALUES ({P(0)})", "dup"); // primary key violation
            return 0;
        }, CancellationToken.None);
        var neighbour = Transactional.RunInTransactionAsync(tx => tx.Execute($"INSERT INTO app_receipts (id) VALUES ({P(0)})", "ok"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => failing);
        Assert.Equal(1, await neighbour);
        Assert.Null(await Store.GetInstanceAsync("acct-2", CancellationToken.None));
        var ids = await Transactional.RunInTransactionAsync(tx => tx.Query("SELECT id FROM app_receipts", r => r.GetString(0)), CancellationToken.None);
        Assert.Equal(["ok"], ids);
    }

    [Fact]
    public async Task Start_if_absent_creates_a_new_instance_and_leaves_an_existing_one_running_or_finished_alone()
    {
        await Transactional.RunInTransactionAsync(tx => { tx.StartIfAbsent(New("fresh", "\"first\"")); return 0; }, CancellationToken.None);
        var item = await ClaimOne();
        Assert.Equal("fresh", item.InstanceId);
        Assert.Equal("\"first\"", (await Store.GetInstanceAsync("fresh", CancellationToken.None))!.SerializedInput);

        await Transactional.RunInTransactionAsync(tx => { tx.StartIfAbsent(New("fresh", "\"second\"")); return 0; }, CancellationToken.None);
        Assert.Equal(item.ExecutionId, (await Store.GetInstanceAsync("fresh", CancellationToken.None))!.ExecutionId);

        await Store.CommitOrchestrationsAsync("w1", [Turn(item, new OrchestratorStarted()) with { Status = OrchestrationStatus.Completed, Output = "1" }], CancellationToken.None);
        await Transactional.RunInTransactionAsync(tx => { tx.StartIfAbsent(New("fresh", "\"third\"")); return 0; }, CancellationToken.None);
        var finished = await Store.GetInstanceAsync("fresh", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Completed, finished!.Status);
        Assert.Equal("\"first\"", finished.SerializedInput);
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
    }

    [Fact]
    public async Task Signal_with_start_of_many_matches_one_call_per_item_in_order()
    {
        await Store.StartAsync(New("done"), CancellationToken.None);
        var done = await ClaimOne();
        await Store.CommitOrchestrationsAsync("w1", [Turn(done, new OrchestratorStarted()) with { Status = OrchestrationStatus.Completed, Output = "1" }], CancellationToken.None);
        await Store.StartAsync(New("running"), CancellationToken.None);

        await Transactional.RunInTransactionAsync(tx =>
        {
            tx.SignalWithStart([
                (New("new"), new EventRaised("go", "1")),
                (New("running"), new EventRaised("go", "2")),
                (New("new"), new EventRaised("go", "3")),
                (New("done"), new EventRaised("go", "4")),
            ]);
            return 0;
        }, CancellationToken.None);

        var items = (await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None)).ToDictionary(i => i.InstanceId);
        string[] Inbox(string id) => items[id].Messages.Select(m => m.Event switch
        {
            ExecutionStarted => "started",
            EventRaised e => "go " + e.Input,
            var other => other.GetType().Name,
        }).ToArray();
        Assert.Equal(["started", "go 1", "go 3"], Inbox("new"));
        Assert.Equal(["started", "go 2"], Inbox("running"));
        Assert.Equal(["started", "go 4"], Inbox("done"));
        Assert.NotEqual(done.ExecutionId, items["done"].ExecutionId);
    }

    [Fact]
    public async Task Raising_inside_a_transaction_requires_an_existing_running_instance()
    {
        await Assert.ThrowsAsync<InstanceNotFoundException>(() =>
            Transactional.RunInTransactionAsync(tx => { tx.RaiseEvent("ghost", new EventRaised("x", null)); return 0; }, CancellationToken.None));
    }
}
