using System.Diagnostics;
using EnforcementFlows.App.Workflows;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.Benchmarks.Sdk;

/// <summary>(a) The task hub's own speed: orchestrations that call 4 no-op activities, on the product's shim worker.</summary>
internal static class NoOpOrchestrations
{
    public static async Task<double> RunAsync(SdkBackend backend, int count, int concurrency)
    {
        var done = 0;
        var registry = new DurableTaskRegistry();
        registry.AddActivityFunc<int, int>("Noop", (_, x) => x);
        registry.AddActivityFunc<int, int>("Last", (_, x) =>
        {
            Interlocked.Increment(ref done);
            return x;
        });
        registry.AddOrchestratorFunc<int, int>("FourNoops", async (ctx, x) =>
        {
            for (var i = 0; i < 3; i++)
            {
                x = await ctx.CallActivityAsync<int>("Noop", x);
            }
            return await ctx.CallActivityAsync<int>("Last", x);
        });
        var service = backend.NewService("noop" + Guid.NewGuid().ToString("N")[..8], concurrency);
        await service.CreateIfNotExistsAsync();
        using var worker = SdkTaskHubWorker.Create(service, registry, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await worker.StartAsync();
        var client = new TaskHubDurableClient("bench", (DurableTask.Core.IOrchestrationServiceClient)service);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await client.ScheduleNewOrchestrationInstanceAsync("FourNoops", i, ct));
        while (Volatile.Read(ref done) < count)
        {
            await Task.Delay(5);
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{backend.Name}: {done} of {count} no-op orchestrations in 10 min");
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await worker.StopAsync(isForced: true);
        return count / seconds;
    }
}
