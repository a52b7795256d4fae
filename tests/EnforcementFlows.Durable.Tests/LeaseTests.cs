using EnforcementFlows.Durable.Tests.Infrastructure;

namespace EnforcementFlows.Durable.Tests;

public sealed class LeaseTests : IDisposable
{
    private readonly TestDirectory _dir = new("lease");
    private static int _slowRuns;
    private static int _turnRuns;
    private static int _counted;

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
        }, workerOptions: o => o.ActivityLease = TimeSpan.FromSeconds(4));

        // Three leases long: renewed twice. (A 2 s lease lapsed once when CI ran every test project at once on 2 cores.)
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("CallSlow", 12000);
        var done = await host.WaitAsync(id);
        Assert.Equal(12000, done.ReadOutputAs<int>());
        Assert.Equal(1, Volatile.Read(ref _slowRuns));
    }

    /// <summary>
    /// Regression (found by the chaos test): both dispatcher loops of a process leased under the same worker id,
    /// so when a slow batch outlived its lease and the sibling loop reclaimed the instance, the stale turn still
    /// passed the owner check whenever the process held a newer lease on the instance, and the same turn was
    /// appended twice (a duplicated TaskScheduled, then a failed replay).
    /// </summary>
    [Fact]
    public async Task A_turn_outliving_its_lease_while_the_sibling_dispatcher_reclaims_the_instance_is_committed_once()
    {
        await using var host = await DurableTestHost.StartAsync(_dir.File("t.db"), r =>
        {
            r.AddActivity<int, int>("Count", (_, x) =>
            {
                Interlocked.Increment(ref _counted);
                return Task.FromResult(x);
            });
            r.AddOrchestrator<int, int>("SlowFirstTurn", async (ctx, x) =>
            {
                // Slow batches on a loaded machine, each outliving its lease: the first run commits while the
                // second still computes from the same history, the third reclaims the instance meanwhile.
                Thread.Sleep(Interlocked.Increment(ref _turnRuns) switch { 1 => 1000, 2 => 3000, 3 => 5000, _ => 0 });
                return await ctx.CallActivityAsync<int>("Count", x);
            });
        }, workerOptions: o =>
        {
            o.OrchestrationDispatchers = 2;
            o.OrchestrationLease = TimeSpan.FromMilliseconds(300);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
        });

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("SlowFirstTurn", 7);
        var done = await host.WaitAsync(id, 60);
        Assert.True(done.Status == OrchestrationStatus.Completed, $"{done.Status}: {done.FailureDetails?.ErrorMessage}");
        Assert.Equal(7, done.ReadOutputAs<int>());
        Assert.Single((await host.Client.GetHistoryAsync(id)).OfType<TaskScheduled>());
        await Task.Delay(500); // a duplicated activity would run by now
        Assert.Equal(1, Volatile.Read(ref _counted));
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
