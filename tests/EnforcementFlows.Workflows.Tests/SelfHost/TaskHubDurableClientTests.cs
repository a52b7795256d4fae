using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.Workflows.Tests.SelfHost;

public sealed class TaskHubDurableClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivityFunc<int, int>("Double", (_, x) => x * 2);
        r.AddActivityFunc<string, string>("Fail", (_, message) => Task.FromException<string>(new InvalidOperationException(message)));
        r.AddOrchestratorFunc<int, int>("FourSteps", async (ctx, x) =>
        {
            for (var i = 0; i < 4; i++)
            {
                x = await ctx.CallActivityAsync<int>("Double", x);
            }
            return x;
        });
        r.AddOrchestratorFunc<string, string>("AwaitGo", async (ctx, prefix) =>
        {
            ctx.SetCustomStatus(new { stage = "waiting" });
            var go = await ctx.WaitForExternalEvent<string>("go");
            return prefix + go;
        });
        r.AddOrchestratorFunc<string, string>("Failing", (ctx, message) => ctx.CallActivityAsync<string>("Fail", message));
    }

    [Fact]
    public async Task Scheduled_orchestration_runs_its_activities_and_returns_the_output()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("FourSteps", 3, timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(48, done.ReadOutputAs<int>());
        Assert.Equal(3, done.ReadInputAs<int>());
        Assert.Equal("FourSteps", done.Name);
    }

    [Fact]
    public async Task Event_raised_before_the_wait_is_delivered_and_custom_status_is_visible()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("AwaitGo", "got:", new StartOrchestrationOptions("go-1"), timeout.Token);
        await hub.Client.RaiseEventAsync(id, "go", "yes", timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal("go-1", id);
        Assert.Equal("got:yes", done.ReadOutputAs<string>());
        Assert.Contains("waiting", done.SerializedCustomStatus);
    }

    [Fact]
    public async Task A_live_instance_id_is_started_only_once()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);
        await hub.Client.ScheduleNewOrchestrationInstanceAsync("AwaitGo", "first:", new StartOrchestrationOptions("once"), timeout.Token);
        await hub.Client.WaitForInstanceStartAsync("once", cancellation: timeout.Token);

        await Assert.ThrowsAsync<DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(() =>
            hub.Client.ScheduleNewOrchestrationInstanceAsync("AwaitGo", "second:", new StartOrchestrationOptions("once"), timeout.Token));
        await hub.Client.RaiseEventAsync("once", "go", "x", timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync("once", getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("first:x", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Suspended_instance_waits_until_resumed()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("AwaitGo", "", new StartOrchestrationOptions("pause-1"), timeout.Token);
        await hub.Client.WaitForInstanceStartAsync(id, cancellation: timeout.Token);

        await hub.Client.SuspendInstanceAsync(id, "checking", timeout.Token);
        await WaitForStatus(hub, id, OrchestrationRuntimeStatus.Suspended, timeout.Token);
        await hub.Client.RaiseEventAsync(id, "go", "later", timeout.Token);
        await Task.Delay(300, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await hub.Client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus);

        await hub.Client.ResumeInstanceAsync(id, "checked", timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("later", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminated_instance_ends_with_the_given_output()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);
        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("AwaitGo", "", new StartOrchestrationOptions("stop-1"), timeout.Token);
        await hub.Client.WaitForInstanceStartAsync(id, cancellation: timeout.Token);

        await hub.Client.TerminateInstanceAsync(id, new TerminateInstanceOptions("operator stop"), timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Contains("operator stop", done.SerializedOutput);
    }

    [Fact]
    public async Task Failed_activity_fails_the_instance_with_its_error()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);

        var id = await hub.Client.ScheduleNewOrchestrationInstanceAsync("Failing", "gateway said no", timeout.Token);
        var done = await hub.Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("gateway said no", done.FailureDetails!.ToString() + done.FailureDetails.InnerFailure?.ErrorMessage + done.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Query_pages_by_prefix_and_status_then_purge_removes_them()
    {
        await using var hub = await InMemoryTaskHub.StartAsync(Register);
        using var timeout = new CancellationTokenSource(Patience);
        for (var i = 0; i < 5; i++)
        {
            await hub.Client.ScheduleNewOrchestrationInstanceAsync("FourSteps", i, new StartOrchestrationOptions($"q-{i}"), timeout.Token);
        }
        await hub.Client.ScheduleNewOrchestrationInstanceAsync("FourSteps", 9, new StartOrchestrationOptions("other-1"), timeout.Token);
        foreach (var id in new[] { "q-0", "q-1", "q-2", "q-3", "q-4", "other-1" })
        {
            await hub.Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        }

        var pages = new List<int>();
        var seen = new List<string>();
        var query = new OrchestrationQuery { InstanceIdPrefix = "q-", PageSize = 2, Statuses = [OrchestrationRuntimeStatus.Completed] };
        await foreach (var page in hub.Client.GetAllInstancesAsync(query).AsPages(pageSizeHint: 2).WithCancellation(timeout.Token))
        {
            pages.Add(page.Values.Count);
            seen.AddRange(page.Values.Select(v => v.InstanceId));
        }

        Assert.Equal(["q-0", "q-1", "q-2", "q-3", "q-4"], seen.Order());
        Assert.True(pages.Count >= 3, $"pages: {string.Join(",", pages)}");
        Assert.Equal(1, (await hub.Client.PurgeInstanceAsync("other-1", cancellation: timeout.Token)).PurgedInstanceCount);
        Assert.Null(await hub.Client.GetInstanceAsync("other-1", timeout.Token));
        var purged = await hub.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(DateTimeOffset.UtcNow.AddHours(-1), null, [OrchestrationRuntimeStatus.Completed]),
            cancellation: timeout.Token);
        Assert.Equal(5, purged.PurgedInstanceCount);
    }

    private static async Task WaitForStatus(InMemoryTaskHub hub, string id, OrchestrationRuntimeStatus status, CancellationToken cancellation)
    {
        while ((await hub.Client.GetInstanceAsync(id, cancellation))?.RuntimeStatus != status)
        {
            await Task.Delay(25, cancellation);
        }
    }
}
