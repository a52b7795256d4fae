using System.Diagnostics;

namespace EnforcementFlows.Benchmarks.Service;

internal static partial class ServiceBenchmark
{
    /// <summary>Confident spam flags on distinct accounts, posted in arrays of up to 1,000; the clock stops when the last case is enforced.</summary>
    private static async Task AutoEnforcedAsync(ServiceOptions options, Func<string, Storage> storageFor, string store, int processCount)
    {
        Console.WriteLine($"auto-enforced cases: {store}");
        var dir = NewDataDirectory();
        var storage = storageFor(dir);
        var processes = await StartAsync(processCount, storage, dir);
        try
        {
            var clients = processes.Select(p => p.Client(admin: false)).ToList();
            // A fresh process spends its first seconds in the JIT (TieredCompilation): warm it up first, in rounds of
            // --warmup-cases until the JIT is idle.
            var warmed = 0;
            if (options.WarmupCases > 0)
            {
                await TieredCompilation.WarmUpAsync(processes.Select(p => p.ProcessId).ToList(), async round =>
                {
                    await PostFlagsAsync(clients, Guid.NewGuid().ToString("N")[..8], options.WarmupCases);
                    warmed += options.WarmupCases;
                    await WaitForAsync(() => storage.Count("SELECT COUNT(*) FROM ef_cases WHERE status = 'enforced'"), warmed, "warm-up enforced", TimeSpan.FromMinutes(10));
                }, WarmUpCap);
            }
            var started = DateTimeOffset.UtcNow;
            var cpuBefore = MachineCpu.BusySeconds();
            var clock = Stopwatch.StartNew();
            await PostFlagsAsync(clients, Guid.NewGuid().ToString("N")[..8], options.Cases);
            var acknowledged = clock.Elapsed;
            await WaitForAsync(() => storage.Count("SELECT COUNT(*) FROM ef_cases WHERE status = 'enforced'"), warmed + options.Cases, "enforced", TimeSpan.FromMinutes(10));
            var cpuAfter = MachineCpu.BusySeconds();
            // The last case's own close time (the services run on this machine's clock), not when the poll saw it.
            var seconds = (storage.Count("SELECT MAX(closed_at) FROM ef_cases WHERE status = 'enforced'") - started.ToUnixTimeMilliseconds()) / 1000.0;
            var audited = storage.Count("SELECT COUNT(*) FROM ef_audit WHERE kind = 'ActionApplied'") - warmed;
            Row("completed auto-enforced cases/s", store, F(options.Cases / seconds),
                $"{options.Cases} cases in {F(seconds, "N1")} s after {warmed} warm-up cases; intake acknowledged in {F(acknowledged.TotalSeconds, "N1")} s; {audited} action audit records{MachineCpu.PerItem(cpuBefore, cpuAfter, options.Cases, "case")}");
        }
        finally
        {
            await StopAsync(processes);
        }
    }

    /// <summary>Confident spam flags on distinct new accounts, in arrays of up to 1,000 spread over the processes.</summary>
    private static async Task PostFlagsAsync(List<HttpClient> clients, string run, int count)
    {
        var batches = Enumerable.Range(0, count).Chunk(1000)
            .Select(chunk => "[" + string.Join(',', chunk.Select(i => Signed.Flag($"f-{run}-{i}", $"acct-{run}-{i}", 1.0, "spam"))) + "]")
            .ToList();
        await Task.WhenAll(batches.Select(async (body, i) =>
        {
            using var response = await clients[i % clients.Count].SendAsync(Signed.Request("/api/flags", body));
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"intake answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
    }

    /// <summary>Severe flags wait for an approver; each approval is posted from its email link and timed until the action row is committed.</summary>
    private static async Task ApprovalAsync(ServiceOptions options, Func<string, Storage> storageFor, string store)
    {
        Console.WriteLine($"approval decision → action applied: {store}");
        var dir = NewDataDirectory();
        var storage = storageFor(dir);
        var processes = await StartAsync(1, storage, dir);
        try
        {
            using var intake = processes[0].Client(admin: false);
            var run = Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < options.Approvals; i++)
            {
                using var response = await intake.SendAsync(Signed.Request("/api/flags", Signed.Flag($"f-{run}-{i}", $"acct-bench-approval-{i}", 1.0, "violent_threat")));
                response.EnsureSuccessStatusCode();
            }
            var outbox = Path.Combine(dir, "outbox");
            var links = new Dictionary<string, string>();
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while ((links = ApprovalLinks.Read(outbox, "tns-reviewer-1@example.org")).Count < options.Approvals && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            var latencies = new List<double>();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { Timeout = TimeSpan.FromSeconds(60) };
            foreach (var (account, link) in links)
            {
                var page = await browser.GetStringAsync(link);
                var form = ApprovalLinks.Approve(page);
                var started = Stopwatch.GetTimestamp();
                using var decided = await browser.PostAsync(link, form);
                decided.EnsureSuccessStatusCode();
                while (storage.Count($"SELECT COUNT(*) FROM ef_actions WHERE account_id = '{account}'") == 0)
                {
                    await Task.Delay(1);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var sorted = latencies.Order().ToArray();
            double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            Row("approval decision → action applied", store, $"p50 {F(P(0.5), "N1")} ms, p99 {F(P(0.99), "N1")} ms",
                $"{sorted.Length} approvals, one at a time, POST of the decision until the action row is committed (1 ms polling)");
        }
        finally
        {
            await StopAsync(processes);
        }
    }
}
