using System.Diagnostics;
using System.Globalization;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>
/// End-to-end numbers for the service as users run it: real service processes, signed HTTP intake,
/// the real case workflow (score → decide → apply → audit). Prints one table at the end.
/// </summary>
internal static partial class ServiceBenchmark
{
    private static readonly List<string[]> Table = [];

    /// <summary>Longest warm-up before measuring anyway (the JIT settled after about 16 s in every run seen).</summary>
    private static readonly TimeSpan WarmUpCap = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(ServiceOptions options)
    {
        ServiceProcess.Settings = options.Settings;
        Console.WriteLine($"service benchmark: {Environment.ProcessorCount} cores, load average {LoadAverage()}, {options.Cases} cases per run");
        if (options.Settings.Count > 0)
        {
            Console.WriteLine($"service settings: {string.Join(", ", options.Settings.Select(s => $"{s.Key}={s.Value}"))}");
        }
        await using var postgres = await BenchPostgres.StartAsync(options.Postgres);
        Console.WriteLine($"PostgreSQL: {postgres.Description}");
        bool sqlite = options.Stores.Contains("sqlite"), pg = options.Stores.Contains("postgres");

        if (options.Parts.Contains("cases"))
        {
            if (sqlite)
            {
                await AutoEnforcedAsync(options, NewSqlite, "SQLite, 1 process", 1);
            }
            if (pg)
            {
                foreach (var processes in options.Processes)
                {
                    await AutoEnforcedAsync(options, dir => Storage.Postgres(postgres.ConnectionString, "w" + processes),
                        processes == 1 ? "PostgreSQL, 1 process" : $"PostgreSQL, {processes} processes", processes);
                }
            }
        }
        foreach (var (part, apiOnly) in new[] { ("intake", false), ("intake-api", true) })
        {
            if (!options.Parts.Contains(part))
            {
                continue;
            }
            if (sqlite)
            {
                await IntakeAsync(options, NewSqlite, "SQLite", apiOnly);
            }
            if (pg)
            {
                await IntakeAsync(options, dir => Storage.Postgres(postgres.ConnectionString, "intake"), "PostgreSQL", apiOnly);
            }
        }
        if (options.Parts.Contains("approval"))
        {
            if (sqlite)
            {
                await ApprovalAsync(options, NewSqlite, "SQLite");
            }
            if (pg)
            {
                await ApprovalAsync(options, dir => Storage.Postgres(postgres.ConnectionString, "approval"), "PostgreSQL");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| measurement | store | result | detail |");
        Console.WriteLine($"| --- | --- | --- | --- |");
        foreach (var row in Table)
        {
            Console.WriteLine($"| {string.Join(" | ", row)} |");
        }
        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    private static Storage NewSqlite(string dataDirectory) => Storage.Sqlite(dataDirectory);

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "ef-bench", "svc-" + Guid.NewGuid().ToString("N"));

    private static void Row(string measurement, string store, string result, string detail)
    {
        Table.Add([measurement, store, result, detail]);
        Console.WriteLine($"  => {measurement} [{store}]: {result} ({detail})");
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Polls <paramref name="count"/> until it reaches <paramref name="target"/>, printing progress; returns when reached.</summary>
    private static async Task WaitForAsync(Func<long> count, long target, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            var now = count();
            if (now >= target)
            {
                return;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what}: {now} of {target} after {timeout.TotalSeconds} s");
            }
            if (clock.Elapsed - lastPrint > TimeSpan.FromSeconds(2))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"    {what}: {now}/{target} after {clock.Elapsed.TotalSeconds:N0} s");
            }
            // The count is a scan of the cases table: polling it often would load the server under measurement
            // (every 100 ms it was 7% of PostgreSQL's time). Timings come from the rows, not from this poll.
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Waits until the store has no work due: no instance ready to run and no activity queued (lifts scheduled for
    /// later do not count). Intake's warm-up leaves thousands of case workflows behind, which must not run during
    /// the timed requests or the no-op ceiling.
    /// </summary>
    private static async Task WaitForIdleAsync(Storage storage)
    {
        var clock = Stopwatch.StartNew();
        long due;
        while ((due = storage.Count($"SELECT (SELECT COUNT(*) FROM instances WHERE ready_at <= {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}) + (SELECT COUNT(*) FROM activities)")) > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{due} workflow turns and activities still due after 10 minutes");
            }
            await Task.Delay(500);
        }
        Console.WriteLine($"    background work drained in {clock.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>Starts <paramref name="processes"/> services on one store; the first uses <paramref name="firstDirectory"/> (where SQLite keeps its file).</summary>
    private static async Task<List<ServiceProcess>> StartAsync(int processes, Storage storage, string firstDirectory, IReadOnlyDictionary<string, string>? extra = null)
    {
        var started = new List<ServiceProcess>();
        for (var i = 0; i < processes; i++)
        {
            started.Add(await ServiceProcess.StartAsync(i == 0 ? firstDirectory : NewDataDirectory(), storage, extra));
        }
        return started;
    }

    private static async Task StopAsync(List<ServiceProcess> processes)
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }

    private static bool Is2xx(int status) => status is >= 200 and < 300;
}
