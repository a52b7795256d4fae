using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.Durable.Tests.Stores;

/// <summary>
/// Scheduled starts (<see cref="NewInstance.StartAt"/>): nothing runs before the start time, events and suspend
/// requests sent early wait for it, and terminate and resume apply at once. Turns here go through the real turn processor on the
/// store's manual clock.
/// </summary>
public abstract partial class DurableStoreCompliance
{
    private static readonly TimeSpan StartsIn = TimeSpan.FromHours(1);
    private int _scheduledRuns;

    private NewInstance Scheduled(string id) => New(id) with { StartAt = Clock.GetUtcNow() + StartsIn };

    /// <summary>Claims what is ready and commits one turn for each through the turn processor; returns how many ran.</summary>
    private async Task<int> RunTurns()
    {
        var registry = new DurableTaskRegistry().AddOrchestrator<string, string>("Flow", async (ctx, _) =>
        {
            if (!ctx.IsReplaying)
            {
                Interlocked.Increment(ref _scheduledRuns);
            }
            return await ctx.WaitForExternalEvent<string>("e");
        });
        var processor = new TurnProcessor(registry, new ServiceCollection().BuildServiceProvider(), Clock, NullLogger.Instance);
        var items = await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None);
        await Store.CommitOrchestrationsAsync("w1", items.Select(processor.Process).ToList(), CancellationToken.None);
        return items.Count;
    }

    private async Task<OrchestrationStatus> StatusOf(string id) => (await Store.GetInstanceAsync(id, CancellationToken.None))!.Status;

    [Fact]
    public async Task A_scheduled_start_is_pending_until_its_time_and_an_event_sent_before_it_waits_behind_the_start()
    {
        var startAt = Clock.GetUtcNow() + StartsIn;
        Assert.True((await Store.StartAsync(Scheduled("later"), CancellationToken.None)).Created);
        await Store.SendAsync("later", new EventRaised("e", "\"early\""), CancellationToken.None);

        Assert.Equal(OrchestrationStatus.Pending, await StatusOf("later"));
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Assert.Equal(startAt, await Store.GetNextWakeUpAsync(CancellationToken.None));
        Clock.Advance(StartsIn - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Collection((await ClaimOne()).Messages,
            m => Assert.IsType<ExecutionStarted>(m.Event),
            m => Assert.Equal("\"early\"", Assert.IsType<EventRaised>(m.Event).Input));
    }

    [Fact]
    public async Task A_scheduled_start_runs_the_orchestrator_at_its_time_with_the_events_sent_before_it()
    {
        await Store.StartAsync(Scheduled("later"), CancellationToken.None);
        await Store.SendAsync("later", new EventRaised("e", "\"early\""), CancellationToken.None);
        Assert.Equal(0, await RunTurns());

        Clock.Advance(StartsIn);
        Assert.Equal(1, await RunTurns());
        var done = await Store.GetInstanceAsync("later", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Completed, done!.Status);
        Assert.Equal("\"early\"", done.SerializedOutput);
    }

    [Fact]
    public async Task Terminating_before_a_scheduled_start_ends_the_instance_and_the_start_never_runs_it()
    {
        await Store.StartAsync(Scheduled("doomed"), CancellationToken.None);
        await Store.SendAsync("doomed", new ExecutionTerminated("not needed"), CancellationToken.None);

        Assert.Equal(1, await RunTurns()); // terminate does not wait for the start
        Assert.Equal(OrchestrationStatus.Terminated, await StatusOf("doomed"));
        Clock.Advance(StartsIn);
        await RunTurns(); // the start message, now visible, is consumed and forgotten
        Assert.Equal(0, await RunTurns());
        Assert.Equal(OrchestrationStatus.Terminated, await StatusOf("doomed"));
        Assert.Equal(0, _scheduledRuns);
    }

    [Fact]
    public async Task A_resume_before_a_scheduled_start_applies_at_once_and_leaves_the_instance_pending()
    {
        await Store.StartAsync(Scheduled("early"), CancellationToken.None);
        await Store.SendAsync("early", new EventRaised("e", "\"kept\""), CancellationToken.None);
        await Store.SendAsync("early", new ExecutionResumed("nothing to resume"), CancellationToken.None);

        Assert.Equal(1, await RunTurns());
        Assert.Equal(OrchestrationStatus.Pending, await StatusOf("early"));
        Assert.Equal(0, await RunTurns()); // the early event still waits for the start
        Assert.Equal(0, _scheduledRuns);
    }

    [Fact]
    public async Task A_suspend_sent_before_a_scheduled_start_waits_for_it_and_applies_in_order()
    {
        await Store.StartAsync(Scheduled("paused"), CancellationToken.None);
        await Store.SendAsync("paused", new ExecutionSuspended("hold"), CancellationToken.None);
        Assert.Equal(0, await RunTurns());

        Clock.Advance(StartsIn);
        Assert.Equal(1, await RunTurns());
        Assert.Equal(OrchestrationStatus.Suspended, await StatusOf("paused"));
        Assert.Equal(1, _scheduledRuns);
        await Store.SendAsync("paused", new EventRaised("e", "\"after\""), CancellationToken.None);
        Assert.Equal(0, await RunTurns());

        await Store.SendAsync("paused", new ExecutionResumed("go on"), CancellationToken.None);
        while (await RunTurns() > 0)
        {
        }
        var done = await Store.GetInstanceAsync("paused", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Completed, done!.Status);
        Assert.Equal("\"after\"", done.SerializedOutput);
    }
}
