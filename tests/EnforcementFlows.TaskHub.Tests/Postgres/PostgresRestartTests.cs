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
        var started = 0;
        // Starts keep coming through the restart (a start that fails while the server is down is retried;
        // dedupe makes a retry of a start that did commit harmless).
        var producer = Task.Run(async () =>
        {
            foreach (var id in ids)
            {
                while (true)
                {
                    try
                    {
                        await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), id, 7, [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Completed]);
                        break;
                    }
                    catch (DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
                    {
                        break;
                    }
                    catch (TaskHubStorageException)
                    {
                        await Task.Delay(200);
                    }
                }
                Interlocked.Increment(ref started);
                await Task.Delay(10);
            }
        });
        await host.WaitUntilAsync(ids[0], (state, _) => state?.OrchestrationStatus == OrchestrationStatus.Completed);
        var latest = ids[Volatile.Read(ref started) - 1];
        Assert.NotEqual(OrchestrationStatus.Completed, (await service.GetOrchestrationStateAsync(latest, executionId: null))?.OrchestrationStatus);

        await cluster.StopAsync("fast");
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cluster.StartAgainAsync();
        await producer.WaitAsync(TimeSpan.FromSeconds(90));

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
}
