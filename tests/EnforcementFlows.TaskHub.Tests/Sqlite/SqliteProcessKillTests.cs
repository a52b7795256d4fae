using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.TestHost;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Tests.Sqlite;

/// <summary>
/// A real worker process is SIGKILLed while it holds orchestration and activity locks; a new worker on
/// the same file takes the work after the leases end. Nothing is lost and no activity result is
/// applied twice to history.
/// </summary>
public sealed class SqliteProcessKillTests : IClassFixture<TempDirectory>
{
    private const int Instances = 4;
    private readonly TempDirectory _directory;

    public SqliteProcessKillTests(TempDirectory directory) => _directory = directory;

    [Fact]
    public async Task Killed_worker_process_leaves_locks_that_a_new_worker_takes_over_when_they_expire()
    {
        var database = Path.Combine(_directory.Path, "kill.db");
        var effects = Path.Combine(_directory.Path, "effects.txt");
        File.WriteAllText(effects, "");
        using var worker = await WorkerProcess.StartAsync(database, effects, lockSeconds: 3, activityDelayMs: 1500);
        var ids = Enumerable.Range(0, Instances).Select(i => $"kill-{i}").ToList();
        await using (var client = await TaskHubHost.StartAsync(Create(database), withWorker: false))
        {
            foreach (var id in ids)
            {
                await client.Client.CreateOrchestrationInstanceAsync(typeof(FourSlowSteps), id, 0);
            }
            // Let the worker get some way: every instance has an activity running (and locked).
            await WaitUntil(() => ids.All(id => File.ReadAllLines(effects).Any(line => line.StartsWith(id + " ", StringComparison.Ordinal))), TimeSpan.FromSeconds(30));
        }
        worker.Kill();
        Assert.True(LockedActivities(database) > 0, "the killed worker held no activity locks; the test did not kill it mid-work");

        SlowStep.EffectsPath = effects;
        SlowStep.Delay = TimeSpan.Zero;
        var service = Create(database);
        await service.CreateIfNotExistsAsync();
        var takeOver = new TaskHubWorker(service);
        takeOver.AddTaskOrchestrations(typeof(FourSlowSteps));
        takeOver.AddTaskActivities(typeof(SlowStep));
        await takeOver.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            foreach (var id in ids)
            {
                var state = await client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = id }, TimeSpan.FromSeconds(60));
                Assert.True(state is not null, $"{id} did not finish after the kill");
                Assert.Equal(OrchestrationStatus.Completed, state!.OrchestrationStatus);
                Assert.Equal("4", state.Output);
                var history = TaskHubJson.DeserializeHistory(await service.GetOrchestrationHistoryAsync(id, null));
                var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).Order().ToList();
                var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order().ToList();
                Assert.Equal([0, 1, 2, 3], scheduled);
                Assert.Equal(scheduled, completed);
            }
            var lines = File.ReadAllLines(effects);
            Assert.Contains(lines, line => line.EndsWith(" " + Environment.ProcessId, StringComparison.Ordinal));
            foreach (var id in ids)
            {
                for (var step = 0; step < 4; step++)
                {
                    Assert.Contains($"{id} {step} ", lines.Select(l => l[..(l.LastIndexOf(' ') + 1)]));
                }
            }
        }
        finally
        {
            await takeOver.StopAsync(isForced: true);
            service.Dispose();
        }
    }

    private static SqliteOrchestrationService Create(string path) =>
        new(new SqliteTaskHubOptions { DatabasePath = path, LockTimeout = TimeSpan.FromSeconds(3), MaxPollInterval = TimeSpan.FromMilliseconds(250) });

    private static long LockedActivities(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM activities WHERE lock_token IS NOT NULL AND available_at > $now";
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        return (long)command.ExecuteScalar()!;
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker process made no progress in time");
            await Task.Delay(50);
        }
    }
}
