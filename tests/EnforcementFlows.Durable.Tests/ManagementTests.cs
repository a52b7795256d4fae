using EnforcementFlows.Durable.Tests.Infrastructure;
using EnforcementFlows.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Durable.Tests;

/// <summary>Client operations: start idempotency, terminate, suspend/resume, purge, retention, queries.</summary>
public sealed class ManagementTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new("mgmt");
    private DurableTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DurableTestHost.StartAsync(_dir.File("d.db"), r =>
    {
        r.AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s));
        r.AddOrchestrator<string, string>("WaitForGo", async (ctx, s) => s + await ctx.WaitForExternalEvent<string>("go"));
        r.AddOrchestrator<string, string>("Quick", (ctx, s) => ctx.CallActivityAsync<string>("Echo", s));
    });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Starting_a_running_id_returns_it_unchanged_and_a_finished_id_can_be_reused()
    {
        var id = "fixed-" + Guid.NewGuid().ToString("N");
        await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "first", id);
        var first = await _host.Client.GetInstanceAsync(id);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "second", id);
        var again = await _host.Client.GetInstanceAsync(id);
        Assert.Equal(first!.ExecutionId, again!.ExecutionId);
        Assert.Equal("\"first\"", again.SerializedInput);

        await _host.Client.RaiseEventAsync(id, "go", "!");
        Assert.Equal("first!", (await _host.WaitAsync(id)).ReadOutputAs<string>());

        await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "third", id);
        var reused = await _host.Client.GetInstanceAsync(id);
        Assert.NotEqual(first.ExecutionId, reused!.ExecutionId);
        await _host.Client.RaiseEventAsync(id, "go", "?");
        Assert.Equal("third?", (await _host.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_instance_with_the_reason()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "x");
        await _host.WaitUntilAsync(id, i => i.Status == OrchestrationStatus.Running);
        await _host.Client.TerminateInstanceAsync(id, "operator said so");
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Terminated, done.Status);
        Assert.Equal("operator said so", done.ReadOutputAs<string>());
        Assert.Contains(await _host.Client.GetHistoryAsync(id), e => e is ExecutionTerminated { Reason: "operator said so" });
    }

    [Fact]
    public async Task Suspended_instance_holds_events_until_resumed()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "s");
        await _host.WaitUntilAsync(id, i => i.Status == OrchestrationStatus.Running);
        await _host.Client.SuspendInstanceAsync(id, "investigating");
        await _host.WaitUntilAsync(id, i => i.Status == OrchestrationStatus.Suspended);
        await _host.Client.RaiseEventAsync(id, "go", "!");
        await Task.Delay(500);
        Assert.Equal(OrchestrationStatus.Suspended, (await _host.Client.GetInstanceAsync(id))!.Status);

        await _host.Client.ResumeInstanceAsync(id, "done");
        var done = await _host.WaitAsync(id);
        Assert.Equal("s!", done.ReadOutputAs<string>());
        var history = await _host.Client.GetHistoryAsync(id);
        Assert.Contains(history, e => e is ExecutionSuspended);
        Assert.Contains(history, e => e is ExecutionResumed);
    }

    [Fact]
    public async Task Purge_removes_a_finished_instance_and_refuses_a_running_one()
    {
        var running = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "r");
        await Assert.ThrowsAsync<InstanceStateException>(() => _host.Client.PurgeInstanceAsync(running));

        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "q");
        await _host.WaitAsync(id);
        Assert.True(await _host.Client.PurgeInstanceAsync(id));
        Assert.Null(await _host.Client.GetInstanceAsync(id));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => _host.Client.GetHistoryAsync(id));
        Assert.False(await _host.Client.PurgeInstanceAsync(id));
    }

    [Fact]
    public async Task Retention_sweep_purges_only_finished_instances_older_than_the_age()
    {
        var old = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "old");
        await _host.WaitAsync(old);
        var running = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "keep");
        await Task.Delay(300);
        var recent = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Quick", "recent");
        await _host.WaitAsync(recent);

        var sweeper = new RetentionSweeper(_host.Store, Options.Create(new RetentionOptions { MaxAge = TimeSpan.FromMilliseconds(250), BatchSize = 1 }),
            TimeProvider.System, NullLogger<RetentionSweeper>.Instance);
        var purged = await sweeper.SweepAsync(CancellationToken.None);

        Assert.True(purged >= 1);
        Assert.Null(await _host.Client.GetInstanceAsync(old));
        Assert.NotNull(await _host.Client.GetInstanceAsync(running));
        Assert.NotNull(await _host.Client.GetInstanceAsync(recent));
    }

    [Fact]
    public async Task Query_filters_by_status_and_name_and_pages()
    {
        var prefix = "q-" + Guid.NewGuid().ToString("N")[..8] + "-";
        for (var i = 0; i < 5; i++)
        {
            await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForGo", "w", prefix + i);
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _host.Client.QueryInstancesAsync(new InstanceQuery { InstanceIdPrefix = prefix, PageSize = 2, ContinuationToken = token, Name = "WaitForGo" });
            Assert.True(page.Instances.Count <= 2);
            seen.AddRange(page.Instances.Select(i => i.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);
        Assert.Equal(5, seen.Distinct().Count());

        var none = await _host.Client.QueryInstancesAsync(new InstanceQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationStatus.Completed] });
        Assert.Empty(none.Instances);
    }
}
