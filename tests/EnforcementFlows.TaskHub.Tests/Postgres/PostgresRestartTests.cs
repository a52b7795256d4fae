using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Postgres;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests.Postgres;

/// <summary>
/// The PostgreSQL server restarts (pg_ctl stop -m fast, then start) while a worker runs orchestrations:
/// the work resumes on its own once the server is back, nothing is lost and no activity result is
/// applied twice. A cluster of its own, since the test stops it.
/// </summary>
public sealed class PostgresRestartTests(PostgresCluster cluster) : IClassFixture<PostgresCluster>
{
    private const int Instances = 200;

    [Fact]
    public async Task Server_restart_under_load_loses_nothing_and_work_resumes()
    {
        var service = new PostgresOrchestrationService(new PostgresTaskHubOptions
        {
            ConnectionString = cluster.ConnectionString,
            Schema = "restart",
            LockTimeout = TimeSpan.FromSeconds(5),
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
            AbandonBackoff = TimeSpan.FromMilliseconds(200),
        });
        await using var host = await TaskHubHost.StartAsync(service);
        var ids = Enumerable.Range(0, Instances).Select(i => $"restart-{i}").ToList();
        foreach (var id in ids)
        {
            await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 7);
        }
        // Under load: some instances have finished, most have not.
        await host.WaitUntilAsync(ids[0], (state, _) => state?.OrchestrationStatus == OrchestrationStatus.Completed);
        var before = await CountCompletedAsync(service, ids);
        Assert.True(before < Instances, "every instance finished before the restart; the restart was not under load");

        await cluster.StopAsync("fast");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cluster.StartAgainAsync();

        foreach (var id in ids)
        {
            var state = await host.WaitForCompletionAsync(new OrchestrationInstance { InstanceId = id }, TimeSpan.FromSeconds(90));
            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal("11", state.Output);
            var history = TaskHubJson.DeserializeHistory(await service.GetOrchestrationHistoryAsync(id, null));
            var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).Order().ToList();
            Assert.Equal([0, 1, 2, 3], scheduled);
            Assert.Equal(scheduled, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order().ToList());
        }
    }

    private static async Task<int> CountCompletedAsync(PostgresOrchestrationService service, List<string> ids)
    {
        var completed = 0;
        foreach (var id in ids)
        {
            if ((await service.GetOrchestrationStateAsync(id, executionId: null))?.OrchestrationStatus == OrchestrationStatus.Completed)
            {
                completed++;
            }
        }
        return completed;
    }
}
