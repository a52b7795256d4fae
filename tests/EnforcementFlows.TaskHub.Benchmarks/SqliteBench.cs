using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>The SQLite task hub: one process, one file per run.</summary>
internal static class SqliteBench
{
    public static async Task RunAllAsync(Arguments settings)
    {
        var directory = settings.Directory ?? Path.Combine(Path.GetTempPath(), "ef-taskhub-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        Console.WriteLine($"SQLite (file under {directory}):");
        var row = SideBySide.Row("SQLite, 1 process", settings.Count);
        for (var run = 0; run <= settings.Runs; run++)
        {
            var path = Path.Combine(directory, $"run{run}.db");
            var count = run == 0 ? Math.Min(settings.Warmup, settings.Count) : settings.Count;
            var meter = new CpuMeter(null);
            var cpu0 = meter.Now();
            var result = await RunAsync(path, count, settings);
            var cpu = meter.Now().Worker - cpu0.Worker;
            if (run > 0)
            {
                row.Add(result.PerSecond);
            }
            Console.WriteLine(run == 0
                ? $"  warm-up: {result.PerSecond:F0}/s"
                : $"  run {run}: {count} orchestrations in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F0} orchestrations/s; " +
                  $"{result.Transactions} commits, {result.Writes} writes ({(double)result.Writes / Math.Max(1, result.Transactions):F1} writes/commit); " +
                  $"writer busy {result.WriterBusy.TotalSeconds / result.Elapsed.TotalSeconds:P0} of the run ({result.WriterCommit.TotalSeconds / Math.Max(1e-9, result.WriterBusy.TotalSeconds):P0} of it in COMMIT); " +
                  $"CPU {cpu.TotalSeconds:F1} s = {cpu.TotalMilliseconds / count:F2} ms/orchestration, so at most {2 * count / cpu.TotalSeconds:F0}/s on 2 idle cores");
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
        if (settings.LatencySamples > 0)
        {
            var path = Path.Combine(directory, "latency.db");
            using (var service = new SqliteOrchestrationService(new SqliteTaskHubOptions { DatabasePath = path }))
            {
                var (p50, p99, max) = await Latency.RunAsync(service, settings.LatencySamples);
                SideBySide.Latency("SQLite, 1 process", settings.LatencySamples, (p50, p99, max));
                Console.WriteLine($"  event raise -> instance completed ({settings.LatencySamples} sequential samples): p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms");
            }
        }
        if (settings.Directory is null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, double PerSecond, long Transactions, long Writes, TimeSpan WriterBusy, TimeSpan WriterCommit)> RunAsync(string path, int count, Arguments settings)
    {
        using var service = new SqliteOrchestrationService(new SqliteTaskHubOptions
        {
            DatabasePath = path,
            MaxConcurrentOrchestrations = settings.Concurrency,
            MaxConcurrentActivities = settings.Concurrency,
            ClaimBatchSize = settings.ClaimBatch,
        });
        await service.CreateIfNotExistsAsync();
        var worker = await Workers.StartAsync(service);
        var (transactions0, writes0) = service.CommitCounts;
        var (busy0, commit0) = service.WriterTime;
        var clock = Stopwatch.StartNew();
        await Workers.StartInstancesAsync(new TaskHubClient(service), count);
        await WaitForCompletedAsync(path, count);
        clock.Stop();
        var (transactions1, writes1) = service.CommitCounts;
        var (busy1, commit1) = service.WriterTime;
        await worker.StopAsync(isForced: true);
        return (clock.Elapsed, count / clock.Elapsed.TotalSeconds, transactions1 - transactions0, writes1 - writes0, busy1 - busy0, commit1 - commit0);
    }

    private static async Task WaitForCompletedAsync(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM instances WHERE status = {(int)OrchestrationStatus.Completed}";
        await Workers.WaitAsync(() => Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) >= count));
    }
}

/// <summary>What every backend's run shares: the worker, the starts, the wait.</summary>
internal static class Workers
{
    public static async Task<TaskHubWorker> StartAsync(IOrchestrationService service)
    {
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(FourNoOps), typeof(AwaitSignal));
        worker.AddTaskActivities(typeof(NoOp));
        await worker.StartAsync();
        return worker;
    }

    public static async Task StartInstancesAsync(TaskHubClient client, int count)
    {
        for (var start = 0; start < count; start += 100)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => client.CreateOrchestrationInstanceAsync(typeof(FourNoOps), $"bench-{i}", i)));
        }
    }

    public static async Task WaitAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the orchestrations did not finish in 5 minutes");
            }
            await Task.Delay(20);
        }
    }
}
