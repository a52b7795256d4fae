using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests.Sqlite;

/// <summary>The file's sole worker restarting after it died: the leases it left are released at once, not after LockTimeout.</summary>
public sealed class SqliteRestartTests(TempDirectory directory) : IClassFixture<TempDirectory>
{
    private SqliteOrchestrationService Create(string path) => new(new SqliteTaskHubOptions { DatabasePath = path, MaxPollInterval = TimeSpan.FromMilliseconds(250) });

    [Fact]
    public async Task A_restarted_worker_takes_the_session_a_dead_one_locked_without_waiting_for_its_lease()
    {
        var path = Path.Combine(directory.Path, "restart.db");
        var dead = Create(path); // the default lease: 2 minutes
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
}
