using DurableTask.Core;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class OwnBackendBehaviourSuite
{
    private static readonly TaskHubTestSettings ShortLease = new(TimeSpan.FromSeconds(3));

    [Fact]
    public async Task Session_locked_by_a_dead_worker_is_taken_over_when_its_lease_expires()
    {
        var id = NewId("dead-session");
        var dead = CreateService(ShortLease);
        await dead.CreateIfNotExistsAsync();
        await dead.StartAsync();
        await ((IOrchestrationServiceClient)dead).CreateTaskOrchestrationAsync(StartMessage(id, typeof(FourActivities), 7));
        // The "dead" worker locks the session and never completes, renews or releases it.
        var locked = await dead.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.NotNull(locked);
        Assert.Equal(id, locked!.InstanceId);
        var lockedAt = DateTime.UtcNow;

        await using var host = await StartHostAsync(ShortLease);
        var state = await host.WaitForCompletionAsync(Instance(id));

        Assert.Equal("11", state.Output);
        Assert.True(DateTime.UtcNow - lockedAt >= TimeSpan.FromSeconds(2.5), "the session was taken before the dead worker's lease ended");
        AssertActivitiesAppliedOnce(await HistoryAsync(host, id), 4);
        (dead as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Activity_locked_by_a_dead_worker_is_redone_once_and_its_late_result_is_refused()
    {
        var id = NewId("dead-activity");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Gated.Gates[id] = gate;
        var dying = new DyingService(CreateService(ShortLease));
        var deadHost = await TaskHubHost.StartAsync(dying);
        var instance = await deadHost.Client.CreateOrchestrationInstanceAsync(typeof(FourGatedActivities), id, 0);
        // The first activity is running on the dying worker, holding the activity's lock.
        await Gated.Entered.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30));
        dying.Die();

        await using var host = await StartHostAsync(ShortLease);
        var state = await host.WaitForCompletionAsync(instance);
        Assert.Equal("4", state.Output);

        // The dead worker's activity finally returns; its completion reaches the store late and is refused.
        gate.SetResult();
        var late = await dying.LateActivityCompletion.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TaskHubLeaseLostException>(() => dying.Inner.CompleteTaskActivityWorkItemAsync(late.WorkItem, late.Response));
        AssertActivitiesAppliedOnce(await HistoryAsync(host, id), 4);
        Assert.Equal(OrchestrationStatus.Completed, (await host.ServiceClient.GetOrchestrationStateAsync(id, executionId: null))!.OrchestrationStatus);
        await deadHost.DisposeAsync();
    }

    private static TaskMessage StartMessage(string id, Type orchestration, object input)
    {
        var instance = new OrchestrationInstance { InstanceId = id, ExecutionId = Guid.NewGuid().ToString("N") };
        return new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new DurableTask.Core.History.ExecutionStartedEvent(-1, Newtonsoft.Json.JsonConvert.SerializeObject(input))
            {
                OrchestrationInstance = instance,
                Name = DurableTask.Core.NameVersionHelper.GetDefaultName(orchestration),
                Version = "",
            },
        };
    }
}
