using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

public sealed class JobLeaseTests(AppFactory app) : JobLeaseTests<AppFactory>(app);

/// <summary>The same tests on PostgreSQL, where the processes really are concurrent.</summary>
public sealed class PostgresJobLeaseTests(PostgresAppFactory app) : JobLeaseTests<PostgresAppFactory>(app);

/// <summary>Background jobs that must run in one process at a time take turns through a lease in the shared database.</summary>
public abstract class JobLeaseTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    [Fact]
    public async Task One_holder_at_a_time_renewals_keep_it_and_an_expired_lease_passes_on()
    {
        var store = app.Services.GetRequiredService<IDomainDatabase>();
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var a = new JobLeases(store, clock);
        var b = new JobLeases(store, clock);
        var name = "job-" + Guid.NewGuid().ToString("N");
        var hold = TimeSpan.FromMinutes(1);

        Assert.True(await a.TryTakeAsync(name, hold, CancellationToken.None));
        Assert.False(await b.TryTakeAsync(name, hold, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await a.TryTakeAsync(name, hold, CancellationToken.None));   // renewed until 1:50
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.False(await b.TryTakeAsync(name, hold, CancellationToken.None));  // still a's
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await b.TryTakeAsync(name, hold, CancellationToken.None));   // a stopped renewing
        Assert.False(await a.TryTakeAsync(name, hold, CancellationToken.None));
    }

    [Fact]
    public async Task Many_processes_racing_for_a_free_lease_give_it_to_exactly_one()
    {
        var store = app.Services.GetRequiredService<IDomainDatabase>();
        var contenders = Enumerable.Range(0, 8).Select(_ => new JobLeases(store, TimeProvider.System)).ToList();
        var name = "race-" + Guid.NewGuid().ToString("N");

        var won = await Task.WhenAll(contenders.Select(c => c.TryTakeAsync(name, TimeSpan.FromMinutes(5), CancellationToken.None)));

        Assert.Single(won, w => w);
    }
}
