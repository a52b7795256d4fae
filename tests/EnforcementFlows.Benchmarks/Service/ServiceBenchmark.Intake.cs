namespace EnforcementFlows.Benchmarks.Service;

internal static partial class ServiceBenchmark
{
    /// <summary>Configuration of a process that serves the API and runs no workflows (an intake tier in front of worker processes).</summary>
    private static readonly Dictionary<string, string> ApiOnly = new() { ["EnforcementFlows__Durable__Worker__Enabled"] = "false" };

    /// <summary>
    /// Single signed reports from each --concurrency level of connections, then the same load on GET /healthz (the
    /// ceiling). With <paramref name="apiOnly"/> the process runs no workflows, so the reports' case workflows wait in
    /// the store instead of sharing the two cores with intake; otherwise they run during the measurement.
    /// </summary>
    private static async Task IntakeAsync(ServiceOptions options, Func<string, Storage> storageFor, string store, bool apiOnly)
    {
        var label = apiOnly ? $"{store}, API-only process" : store;
        Console.WriteLine($"signed report intake: {label}");
        var dir = NewDataDirectory();
        var storage = storageFor(dir);
        var processes = await StartAsync(1, storage, dir, apiOnly ? ApiOnly : null);
        try
        {
            using var client = processes[0].Client(admin: false);
            var run = Guid.NewGuid().ToString("N")[..8];
            // Warm-up (JIT, connections), not measured: rounds of 2,000 requests until the JIT is idle.
            await TieredCompilation.WarmUpAsync([processes[0].ProcessId],
                round => LoadGenerator.RunAsync(client, Prepare($"{run}w{round}", 2000), options.Concurrency[0], Is2xx), WarmUpCap);
            foreach (var connections in options.Concurrency)
            {
                await DrainUnlessApiOnlyAsync();
                var cpuBefore = MachineCpu.BusySeconds();
                var intake = await LoadGenerator.RunAsync(client, Prepare($"{run}c{connections}", options.IntakeRequests), connections, status => status == 202);
                var cpuAfter = MachineCpu.BusySeconds();
                await DrainUnlessApiOnlyAsync();
                var noop = await LoadGenerator.RunAsync(client,
                    Enumerable.Repeat<Func<HttpRequestMessage>>(() => new HttpRequestMessage(HttpMethod.Get, "/healthz"), options.IntakeRequests).ToList(), connections, Is2xx);
                Row($"signed reports accepted/s (202 after commit), {connections} connections", label, F(intake.PerSecond),
                    $"p50 {F(intake.P50, "N1")} ms, p99 {F(intake.P99, "N1")} ms; {intake.Accepted}/{intake.Sent} accepted; {F(100 * intake.PerSecond / noop.PerSecond, "N0")}% of the no-op ceiling{MachineCpu.PerItem(cpuBefore, cpuAfter, intake.Sent, "request, load generator included")}");
                Row($"no-op endpoint (GET /healthz) req/s, {connections} connections", label, F(noop.PerSecond), $"p50 {F(noop.P50, "N1")} ms, p99 {F(noop.P99, "N1")} ms; same app, same connections");
            }
        }
        finally
        {
            await StopAsync(processes);
        }

        // Nothing runs the backlog of an API-only process: it stays in the store, using no CPU.
        Task DrainUnlessApiOnlyAsync() => apiOnly ? Task.CompletedTask : WaitForIdleAsync(storage);

        static List<Func<HttpRequestMessage>> Prepare(string run, int count)
        {
            // Signed up front (and not reused: each webhook-id is accepted once).
            var requests = Enumerable.Range(0, count).Select(i => Signed.Request("/api/reports", Signed.Report($"r-{run}-{i}", $"acct-{run}-{i % 5000}"))).ToList();
            return requests.Select(r => (Func<HttpRequestMessage>)(() => r)).ToList();
        }
    }
}
