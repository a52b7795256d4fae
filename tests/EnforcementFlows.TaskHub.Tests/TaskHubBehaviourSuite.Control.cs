using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class TaskHubBehaviourSuite
{
    [Fact]
    public async Task Terminate_ends_a_waiting_instance_with_the_reason()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), NewId("terminate"), 1);
        await host.WaitUntilAsync(instance.InstanceId, (state, _) => state?.Status == "\"waiting\"");

        await host.Client.TerminateInstanceAsync(instance, "operator said so");
        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Contains("operator said so", state.Output, StringComparison.Ordinal);
        // Events after the end are dropped: the history does not grow.
        var before = (await HistoryAsync(host, instance.InstanceId)).Count;
        await host.Client.RaiseEventAsync(instance, "approval", "late");
        await Task.Delay(500);
        Assert.Equal(before, (await HistoryAsync(host, instance.InstanceId)).Count);
    }

    [Fact]
    public async Task Suspend_holds_events_until_resume()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), NewId("suspend"), 1);
        await host.WaitUntilAsync(instance.InstanceId, (state, _) => state?.Status == "\"waiting\"");

        await host.Client.SuspendInstanceAsync(instance, "hold on");
        await host.WaitUntilAsync(instance.InstanceId, (state, _) => state?.OrchestrationStatus == OrchestrationStatus.Suspended);
        await host.Client.RaiseEventAsync(instance, "approval", "while-suspended");
        await Task.Delay(750);
        var suspended = await host.ServiceClient.GetOrchestrationStateAsync(instance.InstanceId, executionId: null);
        Assert.Equal(OrchestrationStatus.Suspended, suspended!.OrchestrationStatus);

        await host.Client.ResumeInstanceAsync(instance, "go on");
        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"2:while-suspended\"", state.Output);
        var history = await HistoryAsync(host, instance.InstanceId);
        Assert.Single(history.OfType<ExecutionSuspendedEvent>());
        Assert.Single(history.OfType<ExecutionResumedEvent>());
    }
}
