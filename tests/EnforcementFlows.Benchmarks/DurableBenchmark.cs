using System.Diagnostics;
using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using EnforcementFlows.Durable.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Benchmarks;

/// <summary>
/// Throughput of 4-activity sequential workflows and event-raise-to-resume latency, one process,
/// SQLite with synchronous=FULL (unless --durability normal), or PostgreSQL with --postgres (a fresh schema, dropped afterwards).
/// </summary>
internal static class DurableBenchmark
{
    public static async Task RunAsync(Options options)
    {
        Directory.CreateDirectory(options.Directory);
        var db = Path.Combine(options.Directory, $"bench-{Guid.NewGuid():N}.db");
        var schema = $"bench_{Guid.NewGuid():N}";
        Console.WriteLine(options.Postgres is null
            ? $"SQLite store: {db} (synchronous={(options.FullDurability ? "FULL" : "NORMAL")}), {Environment.ProcessorCount} cores"
            : $"PostgreSQL store: schema {schema}, {Environment.ProcessorCount} cores");

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableTask(d =>
        {
            if (options.Postgres is { } connectionString)
            {
                d.UsePostgres(o => { o.ConnectionString = connectionString; o.Schema = schema; });
            }
            else
            {
                d.UseSqlite(o => { o.DatabasePath = db; o.FullDurability = options.FullDurability; });
            }
            d.Registry.AddActivity<int, int>("Step", (_, x) => Task.FromResult(x + 1));
            d.Registry.AddOrchestrator<int, int>("FourSteps", async (ctx, x) =>
            {
                for (var i = 0; i < 4; i++)
                {
                    x = await ctx.CallActivityAsync<int>("Step", x);
                }
                return x;
            });
            d.Registry.AddOrchestrator<int, int>("Ping", (ctx, _) => ctx.WaitForExternalEvent<int>("ping"));
            d.AddWorker(o => { o.OrchestrationBatchSize = 500; o.MaxConcurrentActivities = 1000; });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableClient>();
        var store = host.Services.GetRequiredService<IDurableStore>();

        await Throughput(client, store, 500, warmup: true);
        await Throughput(client, store, options.Workflows, warmup: false);
        await Latency(client, store, options.LatencySamples);
        await host.StopAsync();
        if (store is ITransactionalDurableStore { Dialect: "postgres" } postgres)
        {
            await postgres.RunInTransactionAsync(tx => { tx.Script($"DROP SCHEMA {schema} CASCADE"); return 0; }, CancellationToken.None);
        }
        await store.DisposeAsync();
        foreach (var file in Directory.GetFiles(options.Directory, Path.GetFileName(db) + "*"))
        {
            File.Delete(file);
        }
    }

    private static async Task Throughput(DurableClient client, IDurableStore store, int count, bool warmup)
    {
        var remaining = count;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var prefix = $"w{Guid.NewGuid():N}-";
        void OnFinished(string id)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal) && Interlocked.Decrement(ref remaining) == 0)
            {
                allDone.TrySetResult();
            }
        }
        store.InstanceFinished += OnFinished;
        var before = WriterStats(store);
        var clock = Stopwatch.StartNew();
        // Starts are issued concurrently, as independent clients would; the writer groups them.
        var starts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            starts.Add(client.ScheduleNewOrchestrationInstanceAsync("FourSteps", i, prefix + i));
            if (starts.Count % 2000 == 0)
            {
                await Task.WhenAll(starts);
            }
        }
        await Task.WhenAll(starts);
        var startSeconds = clock.Elapsed.TotalSeconds;
        var progress = Task.Run(async () =>
        {
            while (!allDone.Task.IsCompleted && !warmup)
            {
                await Task.WhenAny(allDone.Task, Task.Delay(2000));
                if (!allDone.Task.IsCompleted)
                {
                    Console.WriteLine($"  ... {count - Volatile.Read(ref remaining)}/{count} completed, {clock.Elapsed.TotalSeconds:F1} s");
                }
            }
        });
        await allDone.Task.WaitAsync(TimeSpan.FromMinutes(10));
        clock.Stop();
        await progress;
        store.InstanceFinished -= OnFinished;
        var after = WriterStats(store);
        if (!warmup)
        {
            Console.WriteLine($"4-activity workflows: {count} in {clock.Elapsed.TotalSeconds:F2} s = {count / clock.Elapsed.TotalSeconds:F0} workflows/s " +
                $"({after.Transactions - before.Transactions} transactions, {(double)(after.Operations - before.Operations) / Math.Max(1, after.Transactions - before.Transactions):F1} operations per commit; " +
                $"all starts acknowledged after {startSeconds:F2} s; writer busy {(after.Busy - before.Busy).TotalSeconds:F2} s, of which COMMIT {(after.CommitBusy - before.CommitBusy).TotalSeconds:F2} s)");
        }
    }

    private static async Task Latency(DurableClient client, IDurableStore store, int samples)
    {
        var ids = new List<string>(samples);
        for (var i = 0; i < samples; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync("Ping", 0, $"ping-{Guid.NewGuid():N}"));
        }
        // Let every instance reach its wait before measuring.
        foreach (var id in ids)
        {
            while ((await client.GetInstanceAsync(id))!.Status != OrchestrationStatus.Running)
            {
                await Task.Delay(5);
            }
        }
        var latencies = new List<double>(samples);
        foreach (var id in ids)
        {
            var clock = Stopwatch.StartNew();
            var finished = client.WaitForInstanceCompletionAsync(id);
            await client.RaiseEventAsync(id, "ping", 1);
            await finished;
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"event raise -> orchestrator resumed and committed: p50 {P(0.50):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms ({samples} samples, sequential)");
    }

    private static SqliteDurableStore.WriterStatistics WriterStats(IDurableStore store) => store switch
    {
        SqliteDurableStore sqlite => sqlite.WriterStats,
        PostgresDurableStore postgres => new(postgres.WriterStats.Transactions, postgres.WriterStats.Operations, postgres.WriterStats.Busy, TimeSpan.Zero),
        _ => default,
    };
}
