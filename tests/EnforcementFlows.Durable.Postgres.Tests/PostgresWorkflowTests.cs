using System.Collections.Concurrent;
using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>The runtime end to end on PostgreSQL: real hosts, real workers, one database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkflowTests(PostgresServer server)
{
    private static readonly ConcurrentBag<string> Effects = [];

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<string, string>("Normalize", (_, s) => Task.FromResult(s.Trim().ToLowerInvariant()));
        r.AddActivity<string, double>("Score", (_, s) => Task.FromResult(s.Contains("spam", StringComparison.Ordinal) ? 0.9 : 0.1));
        r.AddActivity<string, string>("Lookup", (_, s) => Task.FromResult("account:" + s));
        r.AddActivity<string, string>("Apply", (ctx, action) =>
        {
            Effects.Add($"{ctx.IdempotencyKey}={action}");
            return Task.FromResult("applied " + action);
        });
        r.AddOrchestrator<string, string>("Review", async (ctx, report) =>
        {
            var text = await ctx.CallActivityAsync<string>("Normalize", report);
            // Two calls in one turn: a fan-out committed as one batch of activities.
            var score = ctx.CallActivityAsync<double>("Score", text);
            var account = ctx.CallActivityAsync<string>("Lookup", text);
            await Task.WhenAll(score, account);
            ctx.SetCustomStatus("awaiting decision");
            var decision = await ctx.WaitForExternalEvent<string>("decision");
            var applied = await ctx.CallActivityAsync<string>("Apply", decision);
            return $"{account.Result}|{score.Result}|{applied}";
        });
        r.AddOrchestrator<int, int>("Countdown", async (ctx, n) =>
        {
            if (n == 0) return 0;
            await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddMilliseconds(50), CancellationToken.None);
            ctx.ContinueAsNew(n - 1);
            return -1;
        });
        r.AddOrchestrator<string, string>("Parent", async (ctx, busyId) =>
        {
            var counted = await ctx.CallSubOrchestratorAsync<int>("Countdown", 3);
            try
            {
                await ctx.CallSubOrchestratorAsync<string>("Review", "taken", instanceId: busyId);
                return "adopted a running instance";
            }
            catch (TaskFailedException ex)
            {
                return $"{counted}|{ex.FailureDetails.ErrorMessage}";
            }
        });
    }

    private async Task<DurableTestHost> StartHostAsync(string schema, bool worker = true)
    {
        var connectionString = await server.DatabaseForAsync(GetType());
        return await DurableTestHost.StartAsync(d => d.UsePostgres(o =>
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        }), Register, worker);
    }

    [Fact]
    public async Task Four_activities_and_an_external_event_complete_a_workflow()
    {
        await using var host = await StartHostAsync("e2e");
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Review", "  SPAM offer ");
        await host.WaitUntilAsync(id, i => i.ReadCustomStatusAs<string>() == "awaiting decision");
        await host.Client.RaiseEventAsync(id, "decision", "restrict");

        var done = await host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal("account:spam offer|0.9|applied restrict", done.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Equal(4, history.OfType<TaskCompleted>().Count());
        Assert.Single(history.OfType<EventRaised>());
        Assert.Single(Effects, e => e.StartsWith(id + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Work_started_by_one_process_is_finished_by_a_worker_in_another()
    {
        await using var worker = await StartHostAsync("two_hosts");
        await using var client = await StartHostAsync("two_hosts", worker: false);

        var id = await client.Client.ScheduleNewOrchestrationInstanceAsync("Review", "hello");
        await client.WaitUntilAsync(id, i => i.ReadCustomStatusAs<string>() == "awaiting decision");
        await client.Client.RaiseEventAsync(id, "decision", "dismiss");
        var done = await client.WaitAsync(id);
        Assert.Equal("account:hello|0.1|applied dismiss", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestrations_continue_as_new_and_a_taken_child_id_fail_the_parents_call()
    {
        await using var host = await StartHostAsync("children");
        var busy = await host.Client.ScheduleNewOrchestrationInstanceAsync("Review", "waiting", "busy-child");
        await host.WaitUntilAsync(busy, i => i.ReadCustomStatusAs<string>() == "awaiting decision");

        var parent = await host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", busy);
        var done = await host.WaitAsync(parent);

        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal("0|Cannot start sub-orchestration 'busy-child': an instance with that id is already running.", done.ReadOutputAs<string>());
        Assert.True((await host.Client.GetInstanceAsync(busy))!.IsRunning);
    }
}
