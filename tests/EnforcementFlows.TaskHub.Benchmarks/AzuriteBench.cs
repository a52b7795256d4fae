using System.Diagnostics;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Query;
using EnforcementFlows.Workflows.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>
/// The reference: Microsoft's Azure Storage provider on a real Azurite (the Workflows tests' launcher; EF_AZURITE_DIR
/// or .cache/azurite), same workload as ours, a fresh task hub per run. Azurite runs a few orchestrations a second
/// here, so its runs are smaller (<c>--azurite-count</c>); the rate is per second either way.
/// </summary>
internal static class AzuriteBench
{
    public const string Name = "Azure Storage on Azurite";

    public static async Task RunAllAsync(Arguments settings)
    {
        await using var azurite = await AzuriteStorage.StartAsync();
        Console.WriteLine($"{Name} ({settings.AzuritePartitions} partitions, Azurite is a node process on the same 2 cores):");
        var row = SideBySide.Row($"{Name}, 1 process, {settings.AzuritePartitions} partitions", settings.AzuriteCount);
        for (var run = 0; run <= settings.Runs; run++)
        {
            var count = run == 0 ? Math.Min(20, settings.AzuriteCount) : settings.AzuriteCount;
            var hub = $"bench{run}x{Guid.NewGuid().ToString("N")[..8]}";
            var cpu0 = (Process.GetCurrentProcess().TotalProcessorTime, CpuMeter.ChildrenCpu());
            var result = await RunAsync(azurite.ConnectionString, hub, count, settings);
            var (worker, node) = (Process.GetCurrentProcess().TotalProcessorTime - cpu0.Item1, CpuMeter.ChildrenCpu() - cpu0.Item2);
            if (run > 0)
            {
                row.Add(result.PerSecond);
            }
            Console.WriteLine(run == 0
                ? $"  warm-up: {result.PerSecond:F1}/s"
                : $"  run {run}: {count} orchestrations in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F1} orchestrations/s; " +
                  $"CPU worker {worker.TotalMilliseconds / count:F1} + Azurite {node.TotalMilliseconds / count:F1} ms/orchestration");
        }
        if (settings.AzuriteLatencySamples > 0)
        {
            var hub = "benchlatency" + Guid.NewGuid().ToString("N")[..8];
            var service = Create(azurite.ConnectionString, hub, settings);
            // Read the state every 20 ms: the provider's WaitForOrchestrationAsync polls every 2 s, which would be the measure.
            var latency = await Latency.RunAsync(service, settings.AzuriteLatencySamples, TimeSpan.FromMilliseconds(20));
            SideBySide.Latency($"{Name}, 1 process, {settings.AzuritePartitions} partitions", settings.AzuriteLatencySamples, latency);
            Console.WriteLine($"  event raise -> instance completed ({settings.AzuriteLatencySamples} sequential samples): p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms, max {latency.Max:F2} ms");
            await service.DeleteAsync();
        }
    }

    private static AzureStorageOrchestrationService Create(string connection, string hub, Arguments settings) => new(new AzureStorageOrchestrationServiceSettings
    {
        TaskHubName = hub,
        StorageAccountClientProvider = new StorageAccountClientProvider(connection),
        PartitionCount = settings.AzuritePartitions,
        MaxConcurrentTaskOrchestrationWorkItems = settings.Concurrency,
        MaxConcurrentTaskActivityWorkItems = settings.Concurrency,
        // The default backs an idle queue's polling off to 30 s; the run's start would mostly wait on that.
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
    });

    private static async Task<(TimeSpan Elapsed, double PerSecond)> RunAsync(string connection, string hub, int count, Arguments settings)
    {
        var service = Create(connection, hub, settings);
        await service.CreateIfNotExistsAsync();
        var worker = await Workers.StartAsync(service);
        var clock = Stopwatch.StartNew();
        await Workers.StartInstancesAsync(new TaskHubClient(service), count);
        // Counted through the provider's query (instances table); every 250 ms so the count itself loads Azurite little.
        while (await CompletedAsync(service) < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{count} orchestrations did not finish on Azurite in 10 minutes");
            }
            await Task.Delay(250);
        }
        clock.Stop();
        await worker.StopAsync(isForced: true);
        await service.DeleteAsync();
        return (clock.Elapsed, count / clock.Elapsed.TotalSeconds);
    }

    private static async Task<int> CompletedAsync(AzureStorageOrchestrationService service)
    {
        var completed = 0;
        string? token = null;
        do
        {
            var page = await service.GetOrchestrationWithQueryAsync(
                new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Completed], PageSize = 1000, ContinuationToken = token, FetchInputsAndOutputs = false },
                CancellationToken.None);
            completed += page.OrchestrationState.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);
        return completed;
    }
}
