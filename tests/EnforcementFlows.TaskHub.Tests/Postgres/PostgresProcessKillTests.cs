using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Postgres;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using Npgsql;

namespace EnforcementFlows.TaskHub.Tests.Postgres;

/// <summary>
/// Two real worker processes on one PostgreSQL schema. The one holding orchestration and activity locks
/// is SIGKILLed; the other takes the work once the leases end. Nothing is lost and no activity result is
/// applied twice to history.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresProcessKillTests(PostgresCluster cluster) : IClassFixture<TempDirectory>
{
    private const int Instances = 6;

    // DTFx renews a lock at most every 5 s: a shorter lease would lapse between renewals and the other
    // (live) process could take a running activity before the kill, which is legal but not this test.
    private const int Lease = 6;
    private readonly string _schema = PostgresCluster.NewSchema("kill");

    [Fact]
    public async Task Killed_process_leaves_locks_that_the_other_process_takes_over_when_they_expire()
    {
        using var directory = new TempDirectory();
        var effects = Path.Combine(directory.Path, "effects.txt");
        File.WriteAllText(effects, "");
        var service = Create();
        await service.CreateIfNotExistsAsync();
        using var doomed = await WorkerProcess.StartAsync(cluster.ConnectionString, effects, lockSeconds: Lease, activityDelayMs: 5000, _schema);
        var client = new TaskHubClient(service);
        var ids = Enumerable.Range(0, Instances).Select(i => $"pgkill-{i}").ToList();
        foreach (var id in ids)
        {
            await client.CreateOrchestrationInstanceAsync(typeof(TestHost.FourSlowSteps), id, 0);
        }
        // Every instance has an activity running (and locked) in the doomed process; its 5 s activities keep it
        // holding locks while the second process starts (a dotnet start takes seconds on a loaded machine).
        await WaitUntil(() => ids.All(id => EffectLines(effects).Any(line => line.StartsWith(id + " ", StringComparison.Ordinal))), TimeSpan.FromSeconds(60));
        using var survivor = await WorkerProcess.StartAsync(cluster.ConnectionString, effects, lockSeconds: Lease, activityDelayMs: 0, _schema);
        doomed.Kill();
        var killedAt = DateTime.UtcNow;
        Assert.True(await LockedActivitiesAsync() > 0, "the killed process held no activity locks; the test did not kill it mid-work");

        foreach (var id in ids)
        {
            var state = await client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = id }, TimeSpan.FromSeconds(90));
            Assert.True(state is not null, $"{id} did not finish after the kill");
            Assert.Equal(OrchestrationStatus.Completed, state!.OrchestrationStatus);
            Assert.Equal("4", state.Output);
            var history = TaskHubJson.DeserializeHistory(await service.GetOrchestrationHistoryAsync(id, null));
            var scheduled = history.OfType<TaskScheduledEvent>().Select(e => e.EventId).Order().ToList();
            var completed = history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Order().ToList();
            Assert.Equal([0, 1, 2, 3], scheduled);
            Assert.Equal(scheduled, completed);
        }
        var lines = EffectLines(effects);
        var byProcess = lines.GroupBy(l => l[(l.LastIndexOf(' ') + 1)..]).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byProcess.ContainsKey(survivor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), "the surviving process did none of the work");
        foreach (var id in ids)
        {
            for (var step = 0; step < 4; step++)
            {
                Assert.Contains($"{id} {step} ", lines.Select(l => l[..(l.LastIndexOf(' ') + 1)]));
            }
        }
        Assert.True(DateTime.UtcNow - killedAt >= TimeSpan.FromSeconds(2.5), "the work finished before the killed process's leases could have ended");
        survivor.Kill();
        service.Dispose();
    }

    private PostgresOrchestrationService Create() => new(new PostgresTaskHubOptions
    {
        ConnectionString = cluster.ConnectionString,
        Schema = _schema,
        LockTimeout = TimeSpan.FromSeconds(Lease),
        MaxPollInterval = TimeSpan.FromMilliseconds(250),
    });

    private static string[] EffectLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<long> LockedActivitiesAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {_schema}.activities WHERE lock_token IS NOT NULL AND available_at > $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow.Ticks });
        return (long)(await command.ExecuteScalarAsync())!;
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
