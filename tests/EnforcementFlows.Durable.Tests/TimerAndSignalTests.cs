using Microsoft.Extensions.DependencyInjection;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

public sealed class TimerAndSignalTests : IDisposable
{
    private readonly TestDirectory _dir = new("timer");

    private static void Register(DurableTaskRegistry r)
    {
        r.AddOrchestrator<int, string[]>("Sleeper", async (ctx, ms) =>
        {
            var due = ctx.CurrentUtcDateTime.AddMilliseconds(ms);
            await ctx.CreateTimer(due, CancellationToken.None);
            return [due.ToString("o"), ctx.CurrentUtcDateTime.ToString("o")];
        });
        r.AddOrchestrator<int, int[]>("Collector", async (ctx, expected) =>
        {
            var values = new List<int>();
            for (var i = 0; i < expected; i++)
            {
                values.Add(await ctx.WaitForExternalEvent<int>("signal"));
            }
            return [.. values];
        });
    }

    /// <summary>Turns run by the test (the host has no worker): each call claims and commits one batch, returning how many instances it ran.</summary>
    private static Func<Task<int>> ScriptedTurns(DurableTestHost host)
    {
        var store = host.Store;
        var turns = new Worker.TurnProcessor(host.Services.GetRequiredService<DurableTaskRegistry>(), host.Services, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        return async () =>
        {
            var items = await store.ClaimOrchestrationsAsync("w", 10, TimeSpan.FromSeconds(30), CancellationToken.None);
            await store.CommitOrchestrationsAsync("w", items.Select(turns.Process).ToList(), CancellationToken.None);
            return items.Count;
        };
    }

    /// <summary>
    /// Regression (found by the chaos test, a report lost for good): an orchestration checks for one more
    /// signal with a zero timeout and returns; a signal-with-start that lands in the same turn as that timer
    /// was recorded in the finished execution's history and consumed, so nothing ever handled it. Scripted
    /// turns on the real store make that interleaving certain.
    /// </summary>
    [Fact]
    public async Task A_signal_arriving_in_the_turn_in_which_the_orchestration_returns_starts_it_again()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("last.db"), r =>
            r.AddOrchestrator<string?, string>("LastCall", async (ctx, _) =>
            {
                var first = await ctx.WaitForExternalEvent<string>("signal");
                try
                {
                    return first + "+" + await ctx.WaitForExternalEvent<string>("signal", TimeSpan.Zero);
                }
                catch (TimeoutException)
                {
                    return first;
                }
            }), worker: false);
        var turn = ScriptedTurns(host);

        await host.Client.SignalWithStartAsync("last", "LastCall", null, "signal", "a");
        Assert.Equal(1, await turn()); // receives "a", starts the zero timer (due at once)
        await host.Client.SignalWithStartAsync("last", "LastCall", null, "signal", "b");
        // One turn sees the timer fire, then "b": the orchestration returns "a" on the timer, before "b".
        for (var i = 0; i < 10 && await turn() > 0; i++)
        {
        }

        var done = await host.Client.GetInstanceAsync("last");
        Assert.Equal(OrchestrationStatus.Completed, done!.Status);
        Assert.Equal("b", done.ReadOutputAs<string>()); // "b" was not dropped: it started the next execution
    }

    /// <summary>
    /// Taking events that already arrived needs no timer and no extra turn; one that arrives after the
    /// orchestration returned is not lost either: its signal-with-start starts the instance again.
    /// </summary>
    [Fact]
    public async Task Taking_received_events_takes_what_arrived_without_a_timer_and_later_signals_start_it_again()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("take.db"), r =>
            r.AddOrchestrator<string?, string>("TakeArrived", async (ctx, _) =>
            {
                var taken = new List<string> { await ctx.WaitForExternalEvent<string>("go") };
                while (ctx.TryTakeReceivedEvent<string>("signal", out var s))
                {
                    taken.Add(s);
                }
                return string.Join(",", taken);
            }), worker: false);
        var turn = ScriptedTurns(host);

        await host.Client.SignalWithStartAsync("take", "TakeArrived", null, "signal", "x");
        await host.Client.SignalWithStartAsync("take", "TakeArrived", null, "signal", "y");
        await host.Client.SignalWithStartAsync("take", "TakeArrived", null, "go", "go");
        Assert.Equal(1, await turn());
        var done = await host.Client.GetInstanceAsync("take");
        Assert.Equal(OrchestrationStatus.Completed, done!.Status);
        Assert.Equal("go,x,y", done.ReadOutputAs<string>()); // in one turn
        Assert.Empty((await host.Client.GetHistoryAsync("take")).OfType<TimerCreated>());

        await host.Client.SignalWithStartAsync("take", "TakeArrived", null, "signal", "z");
        await host.Client.SignalWithStartAsync("take", "TakeArrived", null, "go", "again");
        Assert.Equal(1, await turn());
        Assert.Equal("again,z", (await host.Client.GetInstanceAsync("take"))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Timer_due_while_the_process_is_down_fires_exactly_once_after_restart_and_not_early()
    {
        var db = _dir.File("t.db");
        string id;
        await using (var first = await DurableTestHost.StartAsync(db, Register))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 1500);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(await first.Client.GetHistoryAsync(id)).OfType<TimerCreated>().Any() && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        var stoppedAt = DateTimeOffset.UtcNow;
        await Task.Delay(2000); // the timer comes due while nothing runs

        await using var second = await DurableTestHost.StartAsync(db, Register);
        var done = await second.WaitAsync(id);
        var output = done.ReadOutputAs<string[]>()!;
        var due = DateTime.Parse(output[0], null, System.Globalization.DateTimeStyles.RoundtripKind);
        var firedTurn = DateTime.Parse(output[1], null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(firedTurn >= due, $"timer fired at {firedTurn:o}, before its due time {due:o}");
        Assert.True(done.CompletedAt > stoppedAt);
        Assert.Single((await second.Client.GetHistoryAsync(id)).OfType<TimerFired>());
    }

    [Fact]
    public async Task Timer_never_fires_before_its_due_time_while_running()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("u.db"), Register);
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.Client.ScheduleNewOrchestrationInstanceAsync("Sleeper", 100 + (i * 37))));
        foreach (var id in ids)
        {
            var output = (await host.WaitAsync(id)).ReadOutputAs<string[]>()!;
            Assert.True(string.CompareOrdinal(output[1], output[0]) >= 0, $"fired {output[1]} before due {output[0]}");
        }
    }

    [Fact]
    public async Task Signal_with_start_from_200_parallel_callers_makes_one_instance_and_delivers_every_event()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("s.db"), Register);
        const string id = "account-42";
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            host.Client.SignalWithStartAsync(id, "Collector", 200, "signal", i))));
        var done = await host.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Equal(Enumerable.Range(0, 200), done.ReadOutputAs<int[]>()!.Order());
        var history = await host.Client.GetHistoryAsync(id);
        Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Equal(200, history.OfType<EventRaised>().Count());
    }

    public void Dispose() => _dir.Dispose();
}
