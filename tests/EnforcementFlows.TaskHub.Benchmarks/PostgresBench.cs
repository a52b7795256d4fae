using EnforcementFlows.Tests.Infrastructure;
using System.Diagnostics;
using DurableTask.Core;
using EnforcementFlows.TaskHub.Postgres;
using Npgsql;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>
/// The PostgreSQL task hub with one worker process (this one) and with two (this one and a child
/// process of this program on the same schema). A schema per run; fsync on.
/// </summary>
internal static class PostgresBench
{
    private const string ConnectionVariable = "EF_BENCH_POSTGRES";

    public static async Task RunAllAsync(Arguments settings)
    {
        LocalPostgres? local = null;
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrEmpty(connection))
        {
            local = new LocalPostgres();
            await local.StartAsync();
            connection = local.ConnectionString;
        }
        try
        {
            Console.WriteLine($"PostgreSQL ({(local is null ? "server from " + ConnectionVariable : "private cluster, fsync on")}):");
            foreach (var processes in new[] { 1, 2 })
            {
                var row = SideBySide.Row($"PostgreSQL, {processes} process{(processes == 1 ? "" : "es")}", settings.Count);
                for (var run = 0; run <= settings.Runs; run++)
                {
                    var count = run == 0 ? Math.Min(settings.Warmup, settings.Count) : settings.Count;
                    var schema = $"bench_{processes}p_{run}_{Guid.NewGuid().ToString("N")[..6]}";
                    var meter = new CpuMeter(local?.DataDirectory);
                    var cpu0 = meter.Now();
                    var result = await RunAsync(connection, schema, count, processes, settings);
                    var cpu1 = meter.Now();
                    var (worker, server) = (cpu1.Worker - cpu0.Worker, cpu1.Server - cpu0.Server);
                    var cpu = worker + server;
                    if (run > 0)
                    {
                        row.Add(result.PerSecond);
                    }
                    Console.WriteLine(run == 0
                        ? $"  {processes} process(es) warm-up: {result.PerSecond:F0}/s"
                        : $"  {processes} process(es) run {run}: {count} orchestrations in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F0} orchestrations/s; " +
                          $"this process {result.Transactions} commits, {result.Writes} writes ({(double)result.Writes / Math.Max(1, result.Transactions):F1} writes/commit)" +
                          (processes == 1 ? $"; CPU worker {worker.TotalMilliseconds / count:F2} + server {server.TotalMilliseconds / count:F2} = {cpu.TotalMilliseconds / count:F2} ms/orchestration, so at most {2 * count / cpu.TotalSeconds:F0}/s on 2 idle cores" : ""));
                    await DropAsync(connection, schema);
                }
            }
            if (settings.LatencySamples > 0)
            {
                using var service = Create(connection, "bench_latency", settings);
                var (p50, p99, max) = await Latency.RunAsync(service, settings.LatencySamples);
                SideBySide.Latency("PostgreSQL, 1 process", settings.LatencySamples, (p50, p99, max));
                Console.WriteLine($"  event raise -> instance completed ({settings.LatencySamples} sequential samples, 1 process): p50 {p50:F2} ms, p99 {p99:F2} ms, max {max:F2} ms");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (local is not null)
            {
                await local.DisposeAsync();
            }
        }
    }

    private static PostgresOrchestrationService Create(string connection, string schema, Arguments settings) => new(new PostgresTaskHubOptions
    {
        ConnectionString = connection,
        Schema = schema,
        MaxConcurrentOrchestrations = settings.Concurrency,
        MaxConcurrentActivities = settings.Concurrency,
        ClaimBatchSize = settings.ClaimBatch,
        WriterConnections = settings.Writers,
    });

    private static async Task<(TimeSpan Elapsed, double PerSecond, long Transactions, long Writes)> RunAsync(string connection, string schema, int count, int processes, Arguments settings)
    {
        using var service = Create(connection, schema, settings);
        await service.CreateIfNotExistsAsync();
        var others = new List<Process>();
        try
        {
            for (var i = 1; i < processes; i++)
            {
                others.Add(await StartWorkerProcessAsync(connection, schema, settings));
            }
            var worker = await Workers.StartAsync(service);
            var (transactions0, writes0) = service.CommitCounts;
            var clock = Stopwatch.StartNew();
            await Workers.StartInstancesAsync(new TaskHubClient(service), count);
            await using (var reader = new NpgsqlConnection(connection))
            {
                await reader.OpenAsync();
                await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {schema}.instances WHERE status = {(int)OrchestrationStatus.Completed}", reader);
                await Workers.WaitAsync(async () => (long)(await command.ExecuteScalarAsync())! >= count);
            }
            clock.Stop();
            var (transactions1, writes1) = service.CommitCounts;
            await worker.StopAsync(isForced: true);
            return (clock.Elapsed, count / clock.Elapsed.TotalSeconds, transactions1 - transactions0, writes1 - writes0);
        }
        finally
        {
            foreach (var other in others)
            {
                other.Kill(entireProcessTree: true);
                await other.WaitForExitAsync();
                other.Dispose();
            }
        }
    }

    private static async Task<Process> StartWorkerProcessAsync(string connection, string schema, Arguments settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(PostgresBench).Assembly.Location);
        info.ArgumentList.Add("--worker-schema");
        info.ArgumentList.Add(schema);
        foreach (var argument in settings.ToArgs())
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment[ConnectionVariable] = connection;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the second worker process");
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (ready != "worker ready")
        {
            throw new InvalidOperationException($"the second worker process did not start: '{ready}'");
        }
        return process;
    }

    /// <summary>The child side: a worker on the schema until it is killed.</summary>
    public static async Task<int> RunWorkerProcessAsync(string schema, Arguments settings)
    {
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable) ?? throw new InvalidOperationException($"{ConnectionVariable} is not set");
        var service = Create(connection, schema, settings);
        await service.CreateIfNotExistsAsync();
        await Workers.StartAsync(service);
        Console.WriteLine("worker ready");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static async Task DropAsync(string connection, string schema)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
        await drop.ExecuteNonQueryAsync();
    }
}
