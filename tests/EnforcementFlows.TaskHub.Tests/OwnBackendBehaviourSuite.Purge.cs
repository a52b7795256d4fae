using DurableTask.Core;
using DurableTask.Core.Query;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class OwnBackendBehaviourSuite
{
    // Azure Storage purges a running instance by id, and its PurgeOrchestrationHistoryAsync supports no completed-time filter.
    [Fact]
    public async Task Purge_by_instance_and_by_time_removes_finished_instances_only()
    {
        await using var host = await StartHostAsync();
        var done = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("purge-done"), 0);
        var old = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("purge-old"), 0);
        var waiting = await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), NewId("purge-waiting"), 0);
        await host.WaitForCompletionAsync(done);
        await host.WaitForCompletionAsync(old);
        await host.WaitUntilAsync(waiting.InstanceId, (state, _) => state?.Status == "\"waiting\"");
        var purge = (IOrchestrationServicePurgeClient)host.Service;

        Assert.Equal(1, (await purge.PurgeInstanceStateAsync(done.InstanceId)).DeletedInstanceCount);
        Assert.Equal(0, (await purge.PurgeInstanceStateAsync(waiting.InstanceId)).DeletedInstanceCount);
        Assert.Null(await host.ServiceClient.GetOrchestrationStateAsync(done.InstanceId, executionId: null));
        Assert.Equal("[]", await host.ServiceClient.GetOrchestrationHistoryAsync(done.InstanceId, null));

        await host.ServiceClient.PurgeOrchestrationHistoryAsync(DateTime.UtcNow.AddSeconds(1), OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter);
        Assert.Null(await host.ServiceClient.GetOrchestrationStateAsync(old.InstanceId, executionId: null));
        Assert.NotNull(await host.ServiceClient.GetOrchestrationStateAsync(waiting.InstanceId, executionId: null));

        // The waiting instance still works after the purges around it.
        await host.Client.RaiseEventAsync(waiting, "approval", "ok");
        Assert.Equal(OrchestrationStatus.Completed, (await host.WaitForCompletionAsync(waiting)).OrchestrationStatus);
        var filtered = await purge.PurgeInstanceStateAsync(new PurgeInstanceFilter(DateTime.UtcNow.AddMinutes(-5), null, [OrchestrationStatus.Completed]));
        Assert.True(filtered.DeletedInstanceCount >= 1);
        Assert.Null(await host.ServiceClient.GetOrchestrationStateAsync(waiting.InstanceId, executionId: null));
    }
}
