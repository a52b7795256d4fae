using DurableTask.Core;
using DurableTask.Core.Query;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class TaskHubBehaviourSuite
{
    [Fact]
    public async Task Query_pages_by_prefix_status_and_created_time_without_gaps_or_repeats()
    {
        await using var host = await StartHostAsync();
        var prefix = NewId("query") + "/";
        var since = DateTime.UtcNow.AddSeconds(-1);
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), $"{prefix}{i}", i);
            ids.Add(instance.InstanceId);
        }
        foreach (var id in ids)
        {
            await host.WaitForCompletionAsync(Instance(id));
        }
        var query = (IOrchestrationServiceQueryClient)host.Service;

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await query.GetOrchestrationWithQueryAsync(
                new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 3, ContinuationToken = token, RuntimeStatus = [OrchestrationStatus.Completed], CreatedTimeFrom = since, FetchInputsAndOutputs = false },
                CancellationToken.None);
            Assert.True(page.OrchestrationState.Count <= 3);
            Assert.All(page.OrchestrationState, s => Assert.Null(s.Input));
            seen.AddRange(page.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(), seen.Order());
        var running = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, RuntimeStatus = [OrchestrationStatus.Running] }, CancellationToken.None);
        Assert.Empty(running.OrchestrationState);
        var later = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedTimeFrom = DateTime.UtcNow.AddMinutes(1) }, CancellationToken.None);
        Assert.Empty(later.OrchestrationState);
        var withPayloads = await query.GetOrchestrationWithQueryAsync(new OrchestrationQuery { InstanceIdPrefix = prefix + "3", FetchInputsAndOutputs = true }, CancellationToken.None);
        Assert.Equal("7", Assert.Single(withPayloads.OrchestrationState).Output);
    }

    [Fact]
    public async Task Purge_by_instance_and_by_filter_removes_finished_instances_and_the_running_one_carries_on()
    {
        await using var host = await StartHostAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        var done = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("purge-one"), 0);
        var old = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("purge-filtered"), 0);
        var waiting = await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), NewId("purge-running"), 0);
        await host.WaitForCompletionAsync(done);
        await host.WaitForCompletionAsync(old);
        await host.WaitUntilAsync(waiting.InstanceId, (state, _) => state?.Status == "\"waiting\"");
        var purge = (IOrchestrationServicePurgeClient)host.Service;

        Assert.Equal(1, (await purge.PurgeInstanceStateAsync(done.InstanceId)).DeletedInstanceCount);
        Assert.Null(await host.ServiceClient.GetOrchestrationStateAsync(done.InstanceId, executionId: null));
        Assert.Equal("[]", await host.ServiceClient.GetOrchestrationHistoryAsync(done.InstanceId, null));

        var filtered = await purge.PurgeInstanceStateAsync(new PurgeInstanceFilter(since, null, [OrchestrationStatus.Completed]));
        Assert.True(filtered.DeletedInstanceCount >= 1);
        Assert.Null(await host.ServiceClient.GetOrchestrationStateAsync(old.InstanceId, executionId: null));
        Assert.NotNull(await host.ServiceClient.GetOrchestrationStateAsync(waiting.InstanceId, executionId: null));

        // The running instance still works after the purges around it.
        await host.Client.RaiseEventAsync(waiting, "approval", "ok");
        Assert.Equal("\"1:ok\"", (await host.WaitForCompletionAsync(waiting)).Output);
    }
}
