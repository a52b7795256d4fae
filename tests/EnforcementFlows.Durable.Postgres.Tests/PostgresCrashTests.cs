using EnforcementFlows.Durable.Postgres.Tests.Infrastructure;
using EnforcementFlows.Durable.Storage.Postgres;
using EnforcementFlows.Durable.TestHost;
using EnforcementFlows.Durable.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EnforcementFlows.Durable.Postgres.Tests;

/// <summary>Scale-out under crashes: two real worker processes share the database and are SIGKILLed together, repeatedly.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCrashTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private const int Workflows = 120;
    private readonly TestDirectory _dir = new("pg-crash");

    [Fact]
    public async Task Two_worker_processes_killed_repeatedly_finish_every_workflow_with_each_effect_once()
    {
        var connectionString = await server.DatabaseForAsync(GetType());
        var effectsDb = _dir.File("effects.db");
        var registry = new DurableTaskRegistry();
        CrashWorkflow.Register(registry);
        await using var store = new PostgresDurableStore(new PostgresStoreOptions { ConnectionString = connectionString });
        var client = new DurableClient(store, registry, TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, Workflows).Select(i => client.ScheduleNewOrchestrationInstanceAsync(CrashWorkflow.Name, i, $"crash-{i:D3}")));

        var random = new Random(2025);
        for (var round = 0; round < 3; round++)
        {
            using var first = await WorkerProcess.StartAsync("postgres:" + connectionString, effectsDb);
            using var second = await WorkerProcess.StartAsync("postgres:" + connectionString, effectsDb);
            await Task.Delay(random.Next(800, 2000));
            first.Kill();
            second.Kill();
            output.WriteLine($"round {round}: killed both; {await CountCompletedAsync(client)} completed so far");
        }
        using (var first = await WorkerProcess.StartAsync("postgres:" + connectionString, effectsDb))
        using (var second = await WorkerProcess.StartAsync("postgres:" + connectionString, effectsDb))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountCompletedAsync(client) < Workflows && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        var expectedKeys = new HashSet<string>();
        for (var i = 0; i < Workflows; i++)
        {
            var instance = (await client.GetInstanceAsync($"crash-{i:D3}"))!;
            Assert.Equal($"{i}:a,{i}:b,{i}:c,{i}:d", instance.ReadOutputAs<string>());
            expectedKeys.UnionWith(CrashWorkflow.EffectTaskIds.Select(t => $"{instance.InstanceId}/{instance.ExecutionId}/{t}"));
        }
        var effects = EffectLedger.ReadEffects(effectsDb);
        output.WriteLine($"{effects.Count} effects from {EffectLedger.CountDeliveries(effectsDb)} deliveries");
        Assert.All(effects.GroupBy(e => e.Key), g => Assert.Single(g));
        Assert.True(expectedKeys.SetEquals(effects.Select(e => e.Key)), "each expected effect key exactly once, and no other");
    }

    private static async Task<int> CountCompletedAsync(DurableClient client)
        => (await client.QueryInstancesAsync(new InstanceQuery { Statuses = [OrchestrationStatus.Completed], PageSize = Workflows })).Instances.Count;

    public void Dispose() => _dir.Dispose();
}
