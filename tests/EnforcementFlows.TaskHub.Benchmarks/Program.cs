using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using EnforcementFlows.TaskHub;
using EnforcementFlows.TaskHub.Benchmarks;
using EnforcementFlows.TaskHub.Sqlite;
using Microsoft.Data.Sqlite;

// No-op 4-activity orchestrations per second on the SQLite task hub, DTFx's own TaskHubWorker and
// TaskHubClient, one process, WAL + synchronous=FULL. Usage:
//   dotnet run -c Release --project tests/EnforcementFlows.TaskHub.Benchmarks -- [--count N] [--runs R]
//     [--concurrency C] [--claim-batch B] [--latency-samples S] [--dir PATH]
var settings = Arguments.Parse(args);
var directory = settings.Directory ?? Path.Combine(Path.GetTempPath(), "ef-taskhub-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);
Console.WriteLine($"SQLite task hub benchmark: {settings.Count} no-op 4-activity orchestrations per run, {settings.Runs} runs, " +
    $"concurrency {settings.Concurrency}, claim batch {settings.ClaimBatch}, {Environment.ProcessorCount} cores, file under {directory}");
for (var run = 0; run <= settings.Runs; run++)
{
    var path = Path.Combine(directory, $"run{run}.db");
    var count = run == 0 ? Math.Min(200, settings.Count) : settings.Count;
    var result = await Bench.RunAsync(path, count, settings);
    Console.WriteLine(run == 0
        ? $"warm-up: {result.PerSecond:F0}/s"
        : $"run {run}: {count} orchestrations in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F0} orchestrations/s; " +
          $"{result.Transactions} commits, {result.Writes} writes ({(double)result.Writes / Math.Max(1, result.Transactions):F1} writes/commit); " +
          $"writer busy {result.Busy.TotalSeconds:F2} s of which COMMIT {result.Commit.TotalSeconds:F2} s ({result.Commit.TotalMilliseconds / Math.Max(1, result.Transactions):F1} ms/commit)");
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(path + suffix);
    }
}
if (settings.LatencySamples > 0)
{
    var path = Path.Combine(directory, "latency.db");
    var (p50, p99, max) = await Latency.RunAsync(path, settings.LatencySamples);
    Console.WriteLine($"event raise -> instance completed ({settings.LatencySamples} sequential samples): p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms");
}
if (settings.Directory is null)
{
    Directory.Delete(directory, recursive: true);
}

internal sealed record Arguments(int Count, int Runs, int Concurrency, int ClaimBatch, string? Directory, int LatencySamples)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Arguments(Int("count", 5000), Int("runs", 3), Int("concurrency", 256), Int("claim-batch", 64), values.GetValueOrDefault("dir"), Int("latency-samples", 500));
    }
}

internal static class Bench
{
    public static async Task<(TimeSpan Elapsed, double PerSecond, long Transactions, long Writes, TimeSpan Busy, TimeSpan Commit)> RunAsync(string path, int count, Arguments settings)
    {
        using var service = new SqliteOrchestrationService(new SqliteTaskHubOptions
        {
            DatabasePath = path,
            MaxConcurrentOrchestrations = settings.Concurrency,
            MaxConcurrentActivities = settings.Concurrency,
            ClaimBatchSize = settings.ClaimBatch,
        });
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(FourNoOps));
        worker.AddTaskActivities(typeof(NoOp));
        await worker.StartAsync();
        var client = new TaskHubClient(service);
        var (transactions0, writes0) = service.CommitCounts;
        var (busy0, commit0) = service.WriterTime;
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < count; start += 100)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => client.CreateOrchestrationInstanceAsync(typeof(FourNoOps), $"bench-{i}", i)));
        }
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
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the orchestrations did not finish in 5 minutes");
            }
            await Task.Delay(20);
        }
    }
}
