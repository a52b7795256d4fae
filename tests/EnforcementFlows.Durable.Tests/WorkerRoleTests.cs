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
