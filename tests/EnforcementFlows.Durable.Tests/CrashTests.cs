using EnforcementFlows.Durable.Storage.Sqlite;
using EnforcementFlows.Durable.TestHost;
using EnforcementFlows.Durable.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnforcementFlows.Durable.Tests;

/// <summary>Real worker processes SIGKILLed at random points over 500 workflows.</summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Workflows = 500;
    private readonly TestDirectory _dir = new("crash");

    [Fact]
    public async Task Workflows_complete_and_effects_happen_once_per_key_despite_repeated_SIGKILL()
    {
        var db = _dir.File("durable.db");
        var effectsDb = _dir.File("effects.db");
        var registry = new DurableTaskRegistry();
        CrashWorkflow.Register(registry);
        await using var store = new SqliteDurableStore(new SqliteStoreOptions { DatabasePath = db });
        var client = new DurableClient(store, registry, TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, Workflows).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(CrashWorkflow.Name, i, $"crash-{i:D3}")));

        var random = new Random(2024);
        for (var round = 0; round < 5; round++)
        {
            using var worker = await WorkerProcess.StartAsync(db, effectsDb);
            await Task.Delay(random.Next(400, 1500));
            worker.Kill();
            output.WriteLine($"round {round}: killed; {await CountCompleted(client)} completed so far");
        }

        using (var last = await WorkerProcess.StartAsync(db, effectsDb))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CountCompleted(client) < Workflows && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        var expectedKeys = new HashSet<string>();
        for (var i = 0; i < Workflows; i++)
        {
            var instance = await client.GetInstanceAsync($"crash-{i:D3}");
            Assert.Equal(OrchestrationStatus.Completed, instance!.Status);
            Assert.Equal($"{i}:a,{i}:b,{i}:c,{i}:d", instance.ReadOutputAs<string>());
            foreach (var taskId in CrashWorkflow.EffectTaskIds)
            {
                expectedKeys.Add($"{instance.InstanceId}/{instance.ExecutionId}/{taskId}");
            }
        }
        var effects = EffectLedger.ReadEffects(effectsDb);
        var deliveries = EffectLedger.CountDeliveries(effectsDb);
        output.WriteLine($"{effects.Count} effects from {deliveries} deliveries");
        Assert.All(effects.GroupBy(e => e.Key), g => Assert.Single(g));
        Assert.True(expectedKeys.SetEquals(effects.Select(e => e.Key)), "every effect key must be one the workflows expect, and every expected key must have its effect");
        Assert.True(deliveries >= effects.Count);
    }

    private static async Task<int> CountCompleted(DurableClient client)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await client.QueryInstancesAsync(new InstanceQuery { Statuses = [OrchestrationStatus.Completed], PageSize = 1000, ContinuationToken = token });
            count += page.Instances.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);
        return count;
    }

    public void Dispose() => _dir.Dispose();
}
