using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class TaskHubBehaviourSuite
{
    [Fact]
    public async Task Event_raised_before_the_instance_waits_for_it_is_still_delivered()
    {
        // No worker yet: the event is stored right behind the start message, long before the wait.
        var id = NewId("early");
        await using (var client = await StartHostAsync(withWorker: false))
        {
            var instance = await client.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), id, 1);
            await client.Client.RaiseEventAsync(instance, "approval", "early");
        }

        await using var host = await StartHostAsync();
        var state = await host.WaitForCompletionAsync(Instance(id));

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"2:early\"", state.Output);
        Assert.Equal("\"approved\"", state.Status);
        Assert.Single((await HistoryAsync(host, id)).OfType<EventRaisedEvent>());
    }

    [Fact]
    public async Task Custom_status_is_stored_with_each_turn()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), NewId("status"), 1);

        await host.WaitUntilAsync(instance.InstanceId, (state, _) => state?.Status == "\"waiting\"");
        await host.Client.RaiseEventAsync(instance, "approval", "ok");
        var done = await host.WaitForCompletionAsync(instance);

        Assert.Equal("\"approved\"", done.Status);
    }

    [Fact]
    public async Task Event_to_an_instance_that_does_not_exist_is_dropped()
    {
        await using var host = await StartHostAsync();
        await host.Client.RaiseEventAsync(Instance(NewId("nobody")), "approval", "x");
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("after-drop"), 0);

        Assert.Equal("4", (await host.WaitForCompletionAsync(instance)).Output);
    }
}
