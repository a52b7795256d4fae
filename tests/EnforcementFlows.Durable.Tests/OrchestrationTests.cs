using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

/// <summary>The programming model end to end on a real SQLite file with a running worker.</summary>
public sealed class OrchestrationTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new("orch");
    private DurableTestHost _host = null!;
    private static int _flakyCalls;
    private static readonly List<(int TaskId, int Attempt)> FlakyAttempts = [];

    public async Task InitializeAsync() => _host = await DurableTestHost.StartAsync(_dir.File("d.db"), Register);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s.ToUpperInvariant()));
        r.AddActivity<string, string>("Boom", (_, s) => throw new InvalidOperationException("boom: " + s));
        r.AddActivity<int, int>("Flaky", (ctx, failures) =>
        {
            lock (FlakyAttempts) FlakyAttempts.Add((ctx.TaskId, ctx.Attempt));
            return Interlocked.Increment(ref _flakyCalls) <= failures ? throw new TimeoutException("transient") : Task.FromResult(ctx.Attempt);
        });
        r.AddOrchestrator<string[], string>("Sequence", async (ctx, words) =>
        {
            var parts = new List<string>();
            foreach (var w in words) parts.Add(await ctx.CallActivityAsync<string>("Echo", w));
            return string.Join(" ", parts);
        });
        r.AddOrchestrator<string, string>("CatchFailure", async (ctx, s) =>
        {
            try { await ctx.CallActivityAsync<string>("Boom", s); return "no error"; }
            catch (TaskFailedException ex) { return $"{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}"; }
        });
        r.AddOrchestrator<string, string>("Unhandled", (ctx, s) => ctx.CallActivityAsync<string>("Boom", s));
        r.AddOrchestrator<int, int>("Retrying", (ctx, failures) =>
            ctx.CallActivityAsync<int>("Flaky", failures, TaskOptions.WithRetry(new RetryPolicy(4, TimeSpan.FromMilliseconds(200), 2))));
        r.AddOrchestrator<int, int>("RetryExhausted", (ctx, failures) =>
            ctx.CallActivityAsync<int>("Flaky", failures, TaskOptions.WithRetry(new RetryPolicy(2, TimeSpan.FromMilliseconds(50)))));
        r.AddOrchestrator<string, string>("Parent", async (ctx, s) =>
        {
            var a = await ctx.CallSubOrchestratorAsync<string>("Sequence", new[] { s, "child" });
            var b = await ctx.CallSubOrchestratorAsync<string>("Sequence", new[] { "second" }, instanceId: ctx.InstanceId + "-named");
            return a + "+" + b;
        });
        r.AddOrchestrator<string, string>("ParentOfFailure", async (ctx, s) =>
        {
            try { await ctx.CallSubOrchestratorAsync<string>("Unhandled", s); return "no error"; }
            catch (TaskFailedException ex) { return ex.FailureDetails.ErrorMessage; }
        });
        r.AddOrchestrator<int, int>("Counter", async (ctx, n) =>
        {
            if (n >= 10) return n;
            await ctx.CallActivityAsync<string>("Echo", "x");
            ctx.ContinueAsNew(n + 1);
            return -1;
        });
        r.AddOrchestrator<string, string>("Waiter", async (ctx, _) =>
        {
            ctx.SetCustomStatus(new { stage = "waiting" });
            var first = await ctx.WaitForExternalEvent<string>("go");
            var second = await ctx.WaitForExternalEvent<string>("go");
            return first + second;
        });
        r.AddOrchestrator<int, string>("WaitWithTimeout", async (ctx, seconds) =>
        {
            try { return "event:" + await ctx.WaitForExternalEvent<string>("approve", TimeSpan.FromSeconds(seconds)); }
            catch (TimeoutException) { return "timeout"; }
        });
        r.AddOrchestrator<string, string[]>("Guids", (ctx, _) =>
            Task.FromResult(new[] { ctx.NewGuid().ToString(), ctx.NewGuid().ToString(), ctx.CurrentUtcDateTime.ToString("o") }), version: "2.1");
    }

    [Fact]
    public async Task Activities_in_sequence_produce_the_result_and_a_history()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "a", "b", "c", "d" });
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal("A B C D", done.ReadOutputAs<string>());
        var history = await _host.Client.GetHistoryAsync(id);
        Assert.Equal(4, history.OfType<TaskScheduled>().Count());
        Assert.Equal(4, history.OfType<TaskCompleted>().Count());
        Assert.IsType<ExecutionStarted>(history.First(e => e is not OrchestratorStarted));
        Assert.IsType<ExecutionCompleted>(history[^1]);
    }

    [Fact]
    public async Task Activity_failure_surfaces_to_the_orchestrator_with_details()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("CatchFailure", "x");
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal("System.InvalidOperationException|boom: x", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Unhandled_failure_fails_the_instance_with_details()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Unhandled", "y");
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Failed, done.Status);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Equal("boom: y", done.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Retry_policy_retries_with_backoff_on_durable_timers_and_keeps_the_task_id()
    {
        lock (FlakyAttempts) FlakyAttempts.Clear();
        Interlocked.Exchange(ref _flakyCalls, 0);
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", 2);
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal(3, done.ReadOutputAs<int>());
        lock (FlakyAttempts)
        {
            Assert.Equal([1, 2, 3], FlakyAttempts.Select(a => a.Attempt));
            Assert.Single(FlakyAttempts.Select(a => a.TaskId).Distinct());
        }
        var history = await _host.Client.GetHistoryAsync(id);
        var timers = history.OfType<TimerCreated>().ToList();
        var scheduled = history.OfType<TaskScheduled>().ToList();
        Assert.Equal(2, timers.Count);
        Assert.Equal(3, scheduled.Count);
        // Backoff: 200 ms, then 400 ms, measured on the recorded timestamps.
        Assert.True((timers[0].FireAt - timers[0].Timestamp).TotalMilliseconds >= 199);
        Assert.True((timers[1].FireAt - timers[1].Timestamp).TotalMilliseconds >= 399);
        Assert.True(scheduled[1].Timestamp >= timers[0].FireAt && scheduled[2].Timestamp >= timers[1].FireAt);
    }

    [Fact]
    public async Task Retry_policy_gives_up_after_max_attempts_and_fails_with_the_last_error()
    {
        Interlocked.Exchange(ref _flakyCalls, -1000);
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("RetryExhausted", int.MaxValue);
        var done = await _host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Failed, done.Status);
        Assert.Equal(typeof(TimeoutException).FullName, done.FailureDetails!.ErrorType);
        Assert.Equal(2, (await _host.Client.GetHistoryAsync(id)).OfType<TaskScheduled>().Count());
    }

    [Fact]
    public async Task Sub_orchestrations_return_results_and_failures_to_the_parent()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "p");
        var done = await _host.WaitAsync(id);
        Assert.Equal("P CHILD+SECOND", done.ReadOutputAs<string>());
        var child = await _host.Client.GetInstanceAsync(id + "-named");
        Assert.Equal(OrchestrationStatus.Completed, child!.Status);
        Assert.Equal(id, child.ParentInstanceId);

        var failing = await _host.Client.ScheduleNewOrchestrationInstanceAsync("ParentOfFailure", "q");
        Assert.Equal("boom: q", (await _host.WaitAsync(failing)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Continue_as_new_restarts_with_fresh_history_until_done()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        var done = await _host.WaitAsync(id);
        Assert.Equal(10, done.ReadOutputAs<int>());
        var history = await _host.Client.GetHistoryAsync(id);
        Assert.Equal(10, history.OfType<ExecutionStarted>().Single() is { } s ? JsonData.Deserialize<int>(s.Input) : -1);
        Assert.Empty(history.OfType<TaskScheduled>());
    }

    [Fact]
    public async Task Events_raised_before_the_wait_are_buffered_and_delivered_in_order()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "");
        await _host.Client.RaiseEventAsync(id, "go", "1");
        await _host.Client.RaiseEventAsync(id, "GO", "2");
        var done = await _host.WaitAsync(id);
        Assert.Equal("12", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Raising_an_event_on_a_missing_instance_is_an_error()
    {
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => _host.Client.RaiseEventAsync("nobody-" + Guid.NewGuid(), "go", 1));
    }

    [Fact]
    public async Task Wait_with_timeout_takes_the_event_branch_when_the_event_comes()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitWithTimeout", 30);
        await _host.WaitUntilAsync(id, i => i.Status == OrchestrationStatus.Running);
        await _host.Client.RaiseEventAsync(id, "approve", "yes");
        Assert.Equal("event:yes", (await _host.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_with_timeout_takes_the_timeout_branch_when_no_event_comes()
    {
        var started = DateTimeOffset.UtcNow;
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("WaitWithTimeout", 1);
        var done = await _host.WaitAsync(id);
        Assert.Equal("timeout", done.ReadOutputAs<string>());
        Assert.True(done.CompletedAt - started >= TimeSpan.FromSeconds(1));
        // A late event is refused: the instance has finished.
        await Assert.ThrowsAsync<InstanceStateException>(() => _host.Client.RaiseEventAsync(id, "approve", "late"));
    }

    [Fact]
    public async Task Custom_status_is_visible_while_running()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "");
        var running = await _host.WaitUntilAsync(id, i => i.SerializedCustomStatus is not null);
        Assert.Contains("waiting", running.SerializedCustomStatus);
        await _host.Client.TerminateInstanceAsync(id, "cleanup");
    }

    [Fact]
    public async Task Deterministic_guids_and_version_are_recorded()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync("Guids", "");
        var done = await _host.WaitAsync(id);
        var values = done.ReadOutputAs<string[]>()!;
        Assert.NotEqual(values[0], values[1]);
        Assert.Equal("2.1", done.Version);
        Assert.Equal('8', values[0][14]);
    }
}
