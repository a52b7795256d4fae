using EnforcementFlows.Durable.Execution;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

/// <summary>Replay gives the same result from any point of the history, and divergence is caught.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new("replay");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Uses activities, a timer, an event, GUIDs and the replayed clock: all must replay identically.</summary>
    private sealed class Mixed : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext ctx, string input)
        {
            var a = await ctx.CallActivityAsync<string>("Upper", input);
            var fanOut = await Task.WhenAll(ctx.CallActivityAsync<string>("Upper", "x"), ctx.CallActivityAsync<string>("Upper", "y"));
            await ctx.CreateTimer(TimeSpan.FromMilliseconds(30), CancellationToken.None);
            var e = await ctx.WaitForExternalEvent<string>("e");
            return $"{a}|{string.Join(",", fanOut)}|{e}|{ctx.NewGuid()}|{ctx.CurrentUtcDateTime:o}";
        }
    }

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<string, string>("Upper", (_, s) => Task.FromResult(s.ToUpperInvariant()));
        r.AddOrchestrator<Mixed>("Mixed");
    }

    [Fact]
    public async Task Result_is_identical_when_resumed_from_history_at_every_step()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("a.db"), Register);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Mixed", "in");
        // Raise only once the orchestrator waits for it, so the event gets a turn of its own (a fixed delay was not enough on a loaded machine).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await host.Client.GetHistoryAsync(id)).OfType<TimerFired>().Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await host.Client.RaiseEventAsync(id, "e", "ev");
        var straight = await host.WaitAsync(id);
        var history = await host.Client.GetHistoryAsync(id);
        var expected = straight.ReadOutputAs<string>();

        // Cut the recorded history at every turn boundary; replay the prefix as past and the rest as new.
        var turnStarts = history.Select((e, i) => (e, i)).Where(x => x.e is OrchestratorStarted).Select(x => x.i).ToList();
        Assert.True(turnStarts.Count >= 5, $"expected several turns, got {turnStarts.Count}");
        foreach (var cut in turnStarts.Append(history.Count - 1))
        {
            var past = history.Take(cut).ToList();
            var fresh = history.Skip(cut).Where(e => e is not (TaskScheduled or TimerCreated or ExecutionCompleted)).ToList();
            var result = OrchestrationExecutor.Execute(new Mixed(), id, straight.ExecutionId, past, fresh);
            Assert.NotNull(result.Completion);
            Assert.Equal(OrchestrationStatus.Completed, result.Completion!.Status);
            Assert.Equal(expected, JsonData.Deserialize<string>(result.Completion.Output));
        }
    }

    [Fact]
    public async Task Changed_code_fails_the_instance_with_a_non_determinism_error_naming_both_steps()
    {
        var db = _dir.File("b.db");
        string id;
        await using (var v1 = await DurableTestHost.StartAsync(db, r =>
        {
            r.AddActivity<string, string>("Upper", (_, s) => Task.FromResult(s));
            r.AddOrchestrator<string, string>("Evolving", async (ctx, s) =>
            {
                await ctx.CallActivityAsync<string>("Upper", s);
                return await ctx.WaitForExternalEvent<string>("go");
            });
        }))
        {
            id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Evolving", "x");
            await v1.WaitUntilAsync(id, _ => true);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await v1.Client.GetHistoryAsync(id)).OfType<TaskCompleted>().FirstOrDefault() is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        await using var v2 = await DurableTestHost.StartAsync(db, r =>
        {
            r.AddActivity<string, string>("Lower", (_, s) => Task.FromResult(s));
            r.AddOrchestrator<string, string>("Evolving", async (ctx, s) =>
            {
                await ctx.CallActivityAsync<string>("Lower", s);
                return await ctx.WaitForExternalEvent<string>("go");
            });
        });
        await v2.Client.RaiseEventAsync(id, "go", "now");
        var failed = await v2.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Failed, failed.Status);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails!.ErrorType);
        Assert.Contains("activity 'Upper' (#0)", failed.FailureDetails.ErrorMessage);
        Assert.Contains("activity 'Lower' (#0)", failed.FailureDetails.ErrorMessage);
    }

    [Fact]
    public void Executor_reports_a_step_missing_from_the_code()
    {
        var started = new ExecutionStarted("Short", null, "\"x\"") { Timestamp = DateTime.UtcNow };
        var history = new List<HistoryEvent>
        {
            new OrchestratorStarted { Timestamp = DateTime.UtcNow },
            started,
            new TimerCreated(0, DateTime.UtcNow) { Timestamp = DateTime.UtcNow },
        };
        var orchestrator = new Lambda((ctx, s) => Task.FromResult(s));
        var result = OrchestrationExecutor.Execute(orchestrator, "i", "e", history, [new OrchestratorStarted { Timestamp = DateTime.UtcNow }, new TimerFired(0, DateTime.UtcNow)]);
        Assert.Equal(OrchestrationStatus.Failed, result.Completion!.Status);
        Assert.Contains("history expects timer (#0) but the orchestrator had already returned", result.Completion.Failure!.ErrorMessage);
    }

    private sealed class Lambda(Func<TaskOrchestrationContext, string, Task<string>> run) : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => run(context, input);
    }
}
