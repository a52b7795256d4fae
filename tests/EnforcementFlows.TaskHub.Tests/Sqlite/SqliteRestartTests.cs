using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests.Sqlite;

/// <summary>The file's sole worker restarting after it died: the leases it left are released at once, not after LockTimeout.</summary>
public sealed class SqliteRestartTests(TempDirectory directory) : IClassFixture<TempDirectory>
{
    private static SqliteOrchestrationService Create(string path, bool releaseLeasesAtStart = true)
        => new(new SqliteTaskHubOptions { DatabasePath = path, MaxPollInterval = TimeSpan.FromMilliseconds(250), ReleaseLeasesAtStart = releaseLeasesAtStart });

    [Fact]
    public async Task A_restarted_worker_takes_the_session_a_dead_one_locked_without_waiting_for_its_lease()
    {
        var path = Path.Combine(directory.Path, "restart.db");
        // The default lease (2 minutes). It takes no owner lock: a process that died holds none (the kernel dropped it).
        var dead = Create(path, releaseLeasesAtStart: false);
        await dead.CreateIfNotExistsAsync();
        await dead.StartAsync();
        var instance = await new TaskHubClient(dead).CreateOrchestrationInstanceAsync(typeof(FourActivities), "restart-1", 7);
        var locked = await dead.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("restart-1", locked?.InstanceId); // held, and never completed, renewed or released: the process "died"

        var restartedAt = DateTime.UtcNow;
        await using var host = await TaskHubHost.StartAsync(Create(path));
        var state = await host.WaitForCompletionAsync(instance, TimeSpan.FromSeconds(60));

        Assert.Equal("11", state.Output);
        Assert.True(DateTime.UtcNow - restartedAt < TimeSpan.FromSeconds(60), "the restart waited for the dead worker's lease");
        dead.Dispose();
    }

    [Fact]
    public async Task A_second_worker_leaves_the_leases_of_a_live_owner_alone()
    {
        var path = Path.Combine(directory.Path, "owner.db");
        await using var owner = await TaskHubHost.StartAsync(Create(path), withWorker: false); // holds the owner lock
        var instance = await owner.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), "owned-1", 7);
        var locked = await ((SqliteOrchestrationService)owner.Service).LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal("owned-1", locked?.InstanceId);

        using var second = Create(path);
        await second.StartAsync();

        // The owner's lease still stands: nobody may claim the session it holds.
        Assert.Null(await second.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));
    }
}
