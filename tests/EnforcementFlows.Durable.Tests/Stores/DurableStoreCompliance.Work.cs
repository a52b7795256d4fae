using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Tests.Stores;

public abstract partial class DurableStoreCompliance
{
    [Fact]
    public async Task Timer_messages_stay_invisible_until_due_and_the_next_wake_up_names_them()
    {
        await Store.StartAsync(New("t"), CancellationToken.None);
        var item = await ClaimOne();
        var due = Clock.GetUtcNow() + TimeSpan.FromMinutes(5);
        var turn = Turn(item, new OrchestratorStarted()) with
        {
            Messages = [new OutboundMessage("t", item.ExecutionId, new TimerFired(0, due.UtcDateTime), due)],
        };
        await Store.CommitOrchestrationsAsync("w1", [turn], CancellationToken.None);

        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Assert.Equal(due, await Store.GetNextWakeUpAsync(CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.IsType<TimerFired>(Assert.Single((await ClaimOne()).Messages).Event);
    }

    [Fact]
    public async Task The_next_wake_up_is_the_earliest_of_a_held_lease_and_the_timers_however_many_wait()
    {
        // Many instances waiting on timers (restrictions waiting to be lifted), the earliest in 10 minutes.
        var timersFrom = Clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        for (var i = 0; i < 20; i++)
        {
            await Store.StartAsync(New($"timer-{i:00}"), CancellationToken.None);
            var waiting = await ClaimOne();
            var due = timersFrom + TimeSpan.FromMinutes(i);
            await Store.CommitOrchestrationsAsync("w1", [Turn(waiting, new OrchestratorStarted()) with
            {
                Messages = [new OutboundMessage(waiting.InstanceId, waiting.ExecutionId, new TimerFired(0, due.UtcDateTime), due)],
            }], CancellationToken.None);
        }
        Assert.Equal(timersFrom, await Store.GetNextWakeUpAsync(CancellationToken.None));

        // A claimed instance whose worker went quiet: due again when its lease runs out, before any timer.
        await Store.StartAsync(New("leased"), CancellationToken.None);
        await ClaimOne();
        Assert.Equal(Clock.GetUtcNow() + Lease, await Store.GetNextWakeUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Activities_are_claimed_once_completed_into_the_inbox_and_refused_after_losing_the_lease()
    {
        await Store.StartAsync(New("a"), CancellationToken.None);
        var item = await ClaimOne();
        var turn = Turn(item, new OrchestratorStarted()) with
        {
            Activities = [new NewActivity(0, "Act", "\"x\"", 0, 1), new NewActivity(1, "Act", "\"y\"", 1, 1)],
        };
        await Store.CommitOrchestrationsAsync("w1", [turn], CancellationToken.None);

        var claimed = await Store.ClaimActivitiesAsync("w1", 10, Lease, CancellationToken.None);
        Assert.Equal(2, claimed.Count);
        Assert.Empty(await Store.ClaimActivitiesAsync("w2", 10, Lease, CancellationToken.None));

        // w1 keeps the first alive; the second's lease runs out and w2 takes it over.
        Clock.Advance(Lease / 2);
        await Store.RenewActivityLeasesAsync("w1", [claimed[0].Id], Lease, CancellationToken.None);
        Clock.Advance(Lease / 2 + TimeSpan.FromSeconds(1));
        var stolen = Assert.Single(await Store.ClaimActivitiesAsync("w2", 10, Lease, CancellationToken.None));
        Assert.Equal(claimed[1].Id, stolen.Id);
        Assert.Equal(2, stolen.Deliveries);

        var results = claimed.Select(c => new ActivityResult(c.Id, c.InstanceId, c.ExecutionId, new TaskCompleted(c.TaskId, "\"ok\""))).ToList();
        Assert.Equal([true, false], await Store.CompleteActivitiesAsync("w1", results, CancellationToken.None));
        Assert.Equal([true], await Store.CompleteActivitiesAsync("w2", [results[1]], CancellationToken.None));

        var next = await ClaimOne();
        Assert.Equal(2, next.Messages.Count);
        Assert.All(next.Messages, m => Assert.IsType<TaskCompleted>(m.Event));
    }

    [Fact]
    public async Task Finishing_records_output_and_reports_to_the_parent()
    {
        await Store.StartAsync(New("parent"), CancellationToken.None);
        var parent = await ClaimOne();
        var child = new NewInstance("child", "Flow", null, "1", new ParentInstance("parent", parent.ExecutionId, 7));
        await Store.CommitOrchestrationsAsync("w1", [Turn(parent, new OrchestratorStarted()) with { SubOrchestrations = [child] }], CancellationToken.None);

        var childItem = await ClaimOne();
        Assert.Equal("child", childItem.InstanceId);
        Assert.Equal(7, childItem.Parent!.TaskId);
        var done = Turn(childItem, new OrchestratorStarted()) with
        {
            Status = OrchestrationStatus.Completed,
            Output = "\"result\"",
            Messages = [new OutboundMessage("parent", parent.ExecutionId, new SubOrchestrationCompleted(7, "\"result\""))],
        };
        await Store.CommitOrchestrationsAsync("w1", [done], CancellationToken.None);

        var finished = await Store.GetInstanceAsync("child", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Completed, finished!.Status);
        Assert.Equal("\"result\"", finished.SerializedOutput);
        Assert.NotNull(finished.CompletedAt);
        var report = await ClaimOne();
        Assert.Equal("parent", report.InstanceId);
        Assert.IsType<SubOrchestrationCompleted>(Assert.Single(report.Messages).Event);
    }

    [Fact]
    public async Task Restart_replaces_history_and_execution_and_carries_events_over()
    {
        await Store.StartAsync(New("r"), CancellationToken.None);
        var item = await ClaimOne();
        await Store.CommitOrchestrationsAsync("w1", [Turn(item, new OrchestratorStarted(), item.Messages[0].Event)], CancellationToken.None);
        var again = await Store.StartAsync(New("r"), CancellationToken.None);
        Assert.False(again.Created);

        await Store.SendAsync("r", new EventRaised("poke", null), CancellationToken.None);
        var second = await ClaimOne();
        var restart = new Restart("exec-2", "\"next\"", [new EventRaised("kept", "1")]);
        await Store.CommitOrchestrationsAsync("w1", [Turn(second) with { Restart = restart }], CancellationToken.None);

        Assert.Empty(await Store.GetHistoryAsync("r", CancellationToken.None));
        var restarted = await ClaimOne();
        Assert.Equal("exec-2", restarted.ExecutionId);
        Assert.Equal("\"next\"", Assert.IsType<ExecutionStarted>(restarted.Messages[0].Event).Input);
        Assert.Equal("kept", Assert.IsType<EventRaised>(restarted.Messages[1].Event).Name);
    }

    [Fact]
    public async Task Suspended_instances_only_wake_for_control_messages()
    {
        await Store.StartAsync(New("s"), CancellationToken.None);
        var item = await ClaimOne();
        await Store.CommitOrchestrationsAsync("w1", [Turn(item, new OrchestratorStarted()) with { Status = OrchestrationStatus.Suspended }], CancellationToken.None);
        await Store.SendAsync("s", new EventRaised("e", null), CancellationToken.None);
        Assert.Empty(await Store.ClaimOrchestrationsAsync("w1", 10, Lease, CancellationToken.None));
        await Store.SendAsync("s", new ExecutionResumed("ok"), CancellationToken.None);
        Assert.IsType<ExecutionResumed>(Assert.Single((await ClaimOne()).Messages).Event);
    }

    [Fact]
    public async Task Purge_deletes_finished_instances_only()
    {
        await Store.StartAsync(New("p"), CancellationToken.None);
        await Assert.ThrowsAsync<InstanceStateException>(() => Store.PurgeAsync("p", CancellationToken.None));
        var item = await ClaimOne();
        await Store.CommitOrchestrationsAsync("w1", [Turn(item, new OrchestratorStarted()) with { Status = OrchestrationStatus.Completed }], CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await Store.PurgeFinishedBeforeAsync(Clock.GetUtcNow() - TimeSpan.FromDays(1), 10, CancellationToken.None));
        Assert.Null(await Store.GetInstanceAsync("p", CancellationToken.None));
        Assert.False(await Store.PurgeAsync("p", CancellationToken.None));
    }

    [Fact]
    public async Task A_signal_that_arrives_while_the_final_turn_runs_restarts_the_instance_instead_of_being_dropped()
    {
        await Store.SignalWithStartAsync(New("acct"), new EventRaised("signal", "1"), CancellationToken.None);
        var item = await ClaimOne();
        var firstExecution = item.ExecutionId;
        await Store.SignalWithStartAsync(New("acct"), new EventRaised("signal", "2"), CancellationToken.None); // lands after the claim

        var finished = Turn(item, new OrchestratorStarted()) with { Status = OrchestrationStatus.Completed, Output = "\"done\"" };
        Assert.Equal([true], await Store.CommitOrchestrationsAsync("w1", [finished], CancellationToken.None));

        var instance = await Store.GetInstanceAsync("acct", CancellationToken.None);
        Assert.Equal(OrchestrationStatus.Pending, instance!.Status);
        Assert.NotEqual(firstExecution, instance.ExecutionId);
        var next = await ClaimOne();
        Assert.Equal("2", Assert.IsType<EventRaised>(next.Messages[0].Event).Input);
        Assert.IsType<ExecutionStarted>(next.Messages[1].Event);
    }
}
