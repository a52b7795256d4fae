using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests;

public abstract partial class TaskHubBehaviourSuite
{
    [Fact]
    public async Task Four_activity_orchestration_completes_with_its_history_stored()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), NewId("four"), 10);

        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("14", state.Output);
        Assert.Equal("10", state.Input);
        var history = await HistoryAsync(host, instance.InstanceId);
        Assert.IsType<ExecutionStartedEvent>(history.First(e => e is not OrchestratorStartedEvent));
        Assert.Single(history.OfType<ExecutionCompletedEvent>());
        AssertActivitiesAppliedOnce(history, 4);
    }

    [Fact]
    public async Task Sub_orchestration_runs_and_returns_to_its_parent()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(ParentOfFour), NewId("parent"), 1);

        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("10", state.Output);
        var child = await host.ServiceClient.GetOrchestrationStateAsync(instance.InstanceId + ":child", executionId: null);
        Assert.NotNull(child);
        Assert.Equal(OrchestrationStatus.Completed, child!.OrchestrationStatus);
        Assert.Equal(instance.InstanceId, child.ParentInstance?.OrchestrationInstance.InstanceId);
        Assert.Single((await HistoryAsync(host, instance.InstanceId)).OfType<SubOrchestrationInstanceCompletedEvent>());
    }

    [Fact]
    public async Task Continue_as_new_starts_fresh_executions_until_done()
    {
        await using var host = await StartHostAsync();
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(CountToFive), NewId("count"), 1);

        var state = await host.WaitForCompletionAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("5", state.Output);
        Assert.NotEqual(instance.ExecutionId, state.OrchestrationInstance.ExecutionId);
        var history = await HistoryAsync(host, instance.InstanceId);
        var started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal("5", started.Input);
    }

    [Fact]
    public async Task Large_payloads_round_trip_through_input_activity_and_output()
    {
        await using var host = await StartHostAsync();
        var payload = string.Create(2 * 1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(EchoPayload), NewId("large"), payload);

        var state = await host.WaitForCompletionAsync(instance, TimeSpan.FromSeconds(60));

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal(payload, Newtonsoft.Json.JsonConvert.DeserializeObject<string>(state.Output));
    }

    [Fact]
    public async Task Start_with_dedupe_statuses_starts_one_id_once()
    {
        await using var host = await StartHostAsync();
        var id = NewId("dedupe");
        var dedupe = new[] { OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed };
        var first = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 1, dedupe);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 100, dedupe));
        var state = await host.WaitForCompletionAsync(first);
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 100, dedupe));

        Assert.Equal("5", state.Output);
        Assert.Equal(first.ExecutionId, state.OrchestrationInstance.ExecutionId);
        AssertActivitiesAppliedOnce(await HistoryAsync(host, id), 4);

        // Without Completed among the dedupe statuses a finished id may start again, as a new execution.
        var again = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 100, [OrchestrationStatus.Pending, OrchestrationStatus.Running]);
        var second = await host.WaitForCompletionAsync(again);
        Assert.Equal("104", second.Output);
        Assert.NotEqual(first.ExecutionId, second.OrchestrationInstance.ExecutionId);
        AssertActivitiesAppliedOnce(await HistoryAsync(host, id), 4);
    }
}
