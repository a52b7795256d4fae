using Microsoft.Extensions.DependencyInjection;
using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

/// <summary>Durable:Worker:Enabled=false makes an API-only process: it starts workflows, other processes run them.</summary>
public sealed class WorkerRoleTests : IDisposable
{
    private readonly TestDirectory _dir = new("role");

    public void Dispose() => _dir.Dispose();

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<string, string>("Echo", (_, s) => Task.FromResult(s.ToUpperInvariant()));
        r.AddOrchestrator<string, string>("Shout", (ctx, s) => ctx.CallActivityAsync<string>("Echo", s));
    }

    [Fact]
    public async Task DisabledWorker_RunsNothing_AndAnEnabledWorkerOnTheSameStoreFinishesTheWork()
    {
        string id;
        await using (var apiOnly = await DurableTestHost.StartAsync(_dir.File("d.db"), Register, workerOptions: o => o.Enabled = false))
        {
            id = await apiOnly.Client.ScheduleNewOrchestrationInstanceAsync("Shout", "hello");
            // Longer than several poll intervals (200 ms here) of an enabled worker.
            await Task.Delay(1500);
            Assert.Equal(OrchestrationStatus.Pending, (await apiOnly.Client.GetInstanceAsync(id))!.Status);
        }

        await using var worker = await DurableTestHost.StartAsync(_dir.File("d.db"), Register);
        var done = await worker.WaitAsync(id);
        Assert.Equal(OrchestrationStatus.Completed, done.Status);
        Assert.Contains("HELLO", done.SerializedOutput);
    }
}

/// <summary>While many foreground requests are in flight the worker runs fewer activities at once, and returns to its full limit after.</summary>
public sealed class ForegroundLoadTests : IDisposable
{
    private readonly TestDirectory _dir = new("load");
    private static readonly TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static int _running;

    public void Dispose() => _dir.Dispose();

    private static void Register(DurableTaskRegistry r)
    {
        r.AddActivity<int, int>("Hold", async (_, i) =>
        {
            Interlocked.Increment(ref _running);
            await Gate.Task;
            Interlocked.Decrement(ref _running);
            return i;
        });
        r.AddOrchestrator<int, int>("Fan", async (ctx, n) => (await Task.WhenAll(Enumerable.Range(0, n).Select(i => ctx.CallActivityAsync<int>("Hold", i)))).Sum());
    }

    [Fact]
    public async Task Worker_UnderForegroundLoad_RunsAtTheReducedActivityLimitAndRecoversWhenTheLoadEnds()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("d.db"), Register,
            workerOptions: o => { o.MaxConcurrentActivities = 16; o.MaxConcurrentActivitiesUnderLoad = 2; });
        var load = host.Services.GetRequiredService<ForegroundLoad>();
        var requests = Enumerable.Range(0, ForegroundLoad.BusyThreshold).Select(_ => load.Enter()).ToList();
        Assert.True(load.IsBusy);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("Fan", 10);
        await WaitForAsync(() => Volatile.Read(ref _running) == 2);
        await Task.Delay(1000); // several claim rounds: still two
        Assert.Equal(2, Volatile.Read(ref _running));

        requests.ForEach(r => r.Dispose());
        // No activity finishes (the gate is shut): the full limit applies anyway once the burst is over.
        await WaitForAsync(() => Volatile.Read(ref _running) == 10);
        Assert.False(load.IsBusy);

        Gate.SetResult();
        var done = await host.WaitAsync(id);
        Assert.Equal(45, done.ReadOutputAs<int>());
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(20);
        }
    }
}
