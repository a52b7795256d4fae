using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests.Stores;

/// <summary>
/// The contract every store meets. Each adapter's test class inherits this and supplies a store
/// over a fresh database; the clock is manual so leases and timers are exact.
/// </summary>
public abstract partial class DurableStoreCompliance : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    protected IDurableStore Store { get; private set; } = null!;

    protected abstract Task<IDurableStore> CreateStoreAsync(TimeProvider clock);

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync(Clock);
        await Store.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static NewInstance New(string id, string? input = "\"in\"") => new(id, "Flow", "1.0", input);

    protected static OrchestrationTurn Turn(OrchestrationWorkItem item, params HistoryEvent[] history) => new(
        item.InstanceId, item.ExecutionId, item.Messages.Select(m => m.Id).ToList(), history, OrchestrationStatus.Running,
        null, null, null, [], [], []);

    protected async Task<OrchestrationWorkItem> ClaimOne(string worker = "w1")
    {
        var items = await Store.ClaimOrchestrationsAsync(worker, 10, Lease, CancellationToken.None);
        return Assert.Single(items);
    }

    [Fact]
    public async Task Start_creates_a_pending_instance_whose_first_message_is_ExecutionStarted()
    {
        var outcome = await Store.StartAsync(New("a"), CancellationToken.None);
        Assert.True(outcome.Created);
        var instance = await Store.GetInstanceAsync("a", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Pending, instance!.Status);
        Assert.Equal("1.0", instance.Version);
        var item = await ClaimOne();
        Assert.Equal(outcome.ExecutionId, item.ExecutionId);
        Assert.IsType<ExecutionStarted>(Assert.Single(item.Messages).Event);
    }

    [Fact]
    public async Task Start_of_a_running_id_changes_nothing()
    {
        var first = await Store.StartAsync(New("a", "\"one\""), CancellationToken.None);
        var second = await Store.StartAsync(New("a", "\"two\""), CancellationToken.None);
        Assert.False(second.Created);
        Assert.Equal(first.ExecutionId, second.ExecutionId);
        Assert.Equal("\"one\"", (await Store.GetInstanceAsync("a", CancellationToken.None))!.SerializedInput);
        Assert.Single((await ClaimOne()).Messages);
    }

    [Fact]
    public async Task Signal_with_start_creates_the_instance_and_queues_the_event_behind_the_start()
    {
        await Store.SignalWithStartAsync(New("s"), new EventRaised("go", "1"), CancellationToken.None);
        await Store.SignalWithStartAsync(New("s"), new EventRaised("go", "2"), CancellationToken.None);
        var item = await ClaimOne();
        Assert.Collection(item.Messages,
            m => Assert.IsType<ExecutionStarted>(m.Event),
            m => Assert.Equal("1", Assert.IsType<EventRaised>(m.Event).Input),
            m => Assert.Equal("2", Assert.IsType<EventRaised>(m.Event).Input));
    }

    [Fact]
    public async Task Send_to_a_missing_instance_throws_InstanceNotFound()
        => await Assert.ThrowsAsync<InstanceNotFoundException>(() => Store.SendAsync("ghost", new EventRaised("x", null), CancellationToken.None));

    [Fact]
    public async Task A_claimed_instance_is_invisible_to_other_workers_until_its_lease_expires()
    {
        await Store.StartAsync(New("a"), CancellationToken.None);
        var item = await ClaimOne("w1");
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w2", 10, Lease, CancellationToken.None));

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var reclaimed = await ClaimOne("w2");
        Assert.Equal(item.InstanceId, reclaimed.InstanceId);

        // The first worker lost its lease: its commit is refused, the second worker's is taken. Once.
        var started = new OrchestratorStarted { Timestamp = Clock.GetUtcNow().UtcDateTime };
        Assert.Equal([false], await Store.CommitOrchestrationsAsync("w1", [Turn(item, started)], CancellationToken.None));
        Assert.Equal([true], await Store.CommitOrchestrationsAsync("w2", [Turn(reclaimed, started)], CancellationToken.None));
        Assert.Single(await Store.GetHistoryAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task Messages_that_arrive_during_a_turn_stay_for_the_next_turn()
    {
        await Store.StartAsync(New("a"), CancellationToken.None);
        var item = await ClaimOne();
        await Store.SendAsync("a", new EventRaised("late", "1"), CancellationToken.None);
        await Store.CommitOrchestrationsAsync("w1", [Turn(item, new OrchestratorStarted(), item.Messages[0].Event)], CancellationToken.None);
        var next = await ClaimOne();
        Assert.Equal("late", Assert.IsType<EventRaised>(Assert.Single(next.Messages).Event).Name);
        Assert.IsType<ExecutionStarted>(next.History[1]);
    }
}
