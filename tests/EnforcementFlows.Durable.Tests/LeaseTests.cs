using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

public sealed class LeaseTests : IDisposable
{
    private readonly TestDirectory _dir = new("lease");
    private static int _slowRuns;

    [Fact]
    public async Task Activity_running_longer_than_its_lease_is_renewed_and_not_redelivered()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("l.db"), r =>
        {
            r.AddActivity<int, int>("Slow", async (_, ms) =>
            {
                Interlocked.Increment(ref _slowRuns);
                await Task.Delay(ms);
                return ms;
            });
            r.AddOrchestrator<int, int>("CallSlow", (ctx, ms) => ctx.CallActivityAsync<int>("Slow", ms));
        }, workerOptions: o => o.ActivityLease = TimeSpan.FromSeconds(2));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallSlow", 5000);
        var done = await host.WaitAsync(id);
        Assert.Equal(5000, done.ReadOutputAs<int>());
        Assert.Equal(1, Volatile.Read(ref _slowRuns));
    }

    [Fact]
    public async Task Worker_options_are_validated_at_start_with_the_key_named()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            DurableTestHost.StartAsync(_dir.File("v.db"), _ => { }, workerOptions: o => o.MaxConcurrentActivities = 0));
        Assert.Contains("Durable:Worker:MaxConcurrentActivities", error.Message);
    }

    public void Dispose() => _dir.Dispose();
}
