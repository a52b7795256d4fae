using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class TaskHubBehaviourSuite
{
    [Fact]
    public async Task Orchestration_replays_after_a_restart_and_finishes_on_the_new_worker()
    {
        var id = NewId("replay");
        OrchestrationInstance instance;
        await using (var first = await StartHostAsync())
        {
            instance = await first.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), id, 41);
            // Stop mid-orchestration: the activity ran, the instance waits for its event.
            await first.WaitUntilAsync(id, (state, _) => state?.Status == "\"waiting\"");
        }

        await using var second = await StartHostAsync();
        await second.Client.RaiseEventAsync(instance, "approval", "yes");
        var finished = await second.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, finished.OrchestrationStatus);
        Assert.Equal("\"42:yes\"", finished.Output);
        AssertActivitiesAppliedOnce(await HistoryAsync(second, id), 1);
    }

    [Fact]
    public async Task Durable_timer_fires_after_a_restart()
    {
        var id = NewId("timer");
        OrchestrationInstance instance;
        await using (var first = await StartHostAsync())
        {
            instance = await first.Client.CreateOrchestrationInstanceAsync(typeof(SleepThenReport), id, 3.0);
            await first.WaitUntilAsync(id, (_, history) => history.OfType<TimerCreatedEvent>().Any());
        }

        await using var second = await StartHostAsync();
        var state = await second.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        var history = await HistoryAsync(second, id);
        var created = Assert.Single(history.OfType<TimerCreatedEvent>());
        var fired = Assert.Single(history.OfType<TimerFiredEvent>());
        Assert.Equal(created.FireAt, fired.FireAt);
        Assert.True(state.CompletedTime >= created.FireAt - TimerEarliness, $"completed {state.CompletedTime:o} before the timer's time {created.FireAt:o}");
    }

    [Fact]
    public async Task Scheduled_start_waits_for_its_time()
    {
        await using var host = await StartHostAsync();
        var startAt = DateTime.UtcNow.AddSeconds(2);
        var instance = await host.Client.CreateScheduledOrchestrationInstanceAsync(typeof(FourActivities), NewId("scheduled"), 0, startAt);

        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal("4", state.Output);
        var started = (await HistoryAsync(host, instance.InstanceId)).OfType<OrchestratorStartedEvent>().First();
        Assert.True(started.Timestamp >= startAt - TimerEarliness, $"started {started.Timestamp:o} before {startAt:o}");
    }
}
