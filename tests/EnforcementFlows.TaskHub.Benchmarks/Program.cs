using System.Globalization;
using EnforcementFlows.TaskHub.Benchmarks;

// No-op 4-activity orchestrations per second on the task hubs, side by side in one run: SQLite (one
// process, WAL + synchronous=FULL), PostgreSQL with one and two worker processes (fsync on) and the reference,
// Microsoft's Azure Storage provider on Azurite, with DTFx's own TaskHubWorker and TaskHubClient; then
// event-to-resume latency on each; at the end one table of all of them. Usage:
//   dotnet run -c Release --project tests/EnforcementFlows.TaskHub.Benchmarks -- [--backend all|sqlite|postgres|azurite]
//     [--count N] [--runs R] [--warmup N] [--concurrency C] [--claim-batch B] [--writers W] [--latency-samples S] [--dir PATH]
// (--warmup: orchestrations of the untimed first run, default 1,000: the JIT's tiering needs a few thousand turns;
// --writers: the PostgreSQL provider's writer connections, default 2)
//     [--azurite-count N] [--azurite-partitions P] [--azurite-latency-samples S]
// PostgreSQL: a private cluster is started from the installed binaries (initdb/pg_ctl), unless
// EF_BENCH_POSTGRES holds a connection string of a server the benchmark may create schemas on.
if (args.Length >= 2 && args[0] == "--worker-schema")
{
    // A second worker process of the two-process PostgreSQL run (started by this program).
    return await PostgresBench.RunWorkerProcessAsync(args[1], Arguments.Parse(args[2..]));
}
var settings = Arguments.Parse(args);
Console.WriteLine($"Task hub benchmark: {settings.Count} no-op 4-activity orchestrations per run, {settings.Runs} runs, " +
    $"concurrency {settings.Concurrency}, claim batch {settings.ClaimBatch}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
if (settings.Backend is "all" or "sqlite")
{
    await SqliteBench.RunAllAsync(settings);
}
if (settings.Backend is "all" or "postgres")
{
    await PostgresBench.RunAllAsync(settings);
}
if (settings.Backend is "all" or "azurite")
{
    await AzuriteBench.RunAllAsync(settings);
}
SideBySide.Print();
Console.WriteLine($"load average at the end: {LoadAverage()}");
return 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record Arguments(string Backend, int Count, int Runs, int Concurrency, int ClaimBatch, string? Directory, int LatencySamples,
    int AzuriteCount, int AzuritePartitions, int AzuriteLatencySamples, int Writers, int Warmup)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Arguments(values.GetValueOrDefault("backend", "all"), Int("count", 5000), Int("runs", 3), Int("concurrency", 256), Int("claim-batch", 64),
            values.GetValueOrDefault("dir"), Int("latency-samples", 500), Int("azurite-count", 100), Int("azurite-partitions", 4), Int("azurite-latency-samples", 20),
            Int("writers", 2), Int("warmup", 1000));
    }

    public string[] ToArgs() =>
        ["--count", Count.ToString(CultureInfo.InvariantCulture), "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
         "--claim-batch", ClaimBatch.ToString(CultureInfo.InvariantCulture), "--writers", Writers.ToString(CultureInfo.InvariantCulture)];
}
