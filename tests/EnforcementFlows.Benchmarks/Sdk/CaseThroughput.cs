using System.Diagnostics;
using System.Text;
using DurableTask.Core;
using EnforcementFlows.App.Security;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Benchmarks.Sdk;

internal sealed record CaseNumbers(double IntakePerSecond, double CasesPerSecond, double P50Ms, double P99Ms);

/// <summary>
/// (b) Auto-enforced cases/s, from signed webhook to applied action, with the service in process on its SQLite domain
/// database (test host, so intake skips the socket). One flag per account, no collect window.
/// </summary>
internal static class CaseThroughput
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static async Task<CaseNumbers> RunAsync(SdkBackend? backend, int cases, int concurrency)
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-bench", "sdk-" + Guid.NewGuid().ToString("N"));
        // The test host looks for the App's folder by the assembly's name; the benchmark is not beside it.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ENFORCEMENTFLOWS_APP", BenchApp.ContentRoot);
        await using var app = new BenchApp(data, backend, concurrency);
        using var http = app.CreateClient();
        var store = app.Services.GetRequiredService<IDomainDatabase>();
        var run = Guid.NewGuid().ToString("N")[..6];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var request = Signed($$"""{"flagId":"f-{{run}}-{{i}}","detector":"bench","accountId":"acct-{{run}}-{{i}}","category":"spam","confidence":1.0}""");
            using var response = await http.SendAsync(request, ct);
            if ((int)response.StatusCode != 202)
            {
                throw new InvalidOperationException($"intake answered {(int)response.StatusCode}");
            }
        });
        var intakeSeconds = clock.Elapsed.TotalSeconds;
        while (await Count(store, "SELECT COUNT(*) FROM ef_actions") < cases)
        {
            await Task.Delay(20);
            if (clock.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException($"{await Count(store, "SELECT COUNT(*) FROM ef_actions")} of {cases} cases enforced in 15 min");
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var latencies = (await store.QueryCommittedAsync(
            "SELECT a.applied_at - s.received_at FROM ef_actions a JOIN ef_signals s ON s.account_id = a.account_id", r => (double)r.GetInt64(0), CancellationToken.None))
            .Order().ToList();
        return new CaseNumbers(cases / intakeSeconds, cases / seconds, Percentile(latencies, 0.5), Percentile(latencies, 0.99));
    }

    private static async Task<long> Count(IDomainDatabase store, string sql)
        => (await store.QueryCommittedAsync(sql, r => r.GetInt64(0), CancellationToken.None)).Single();

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static HttpRequestMessage Signed(string json)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/flags") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(WebhookSecret.Parse(Secret), id, timestamp, body));
        return request;
    }

    /// <summary>The service on the given task hub backend (null: the service's defaults).</summary>
    private sealed class BenchApp(string data, SdkBackend? backend, int concurrency) : WebApplicationFactory<EnforcementFlows.App.Workflows.OutboxRelay> // any type of the App assembly: its entry point runs
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(ContentRoot);
            builder.UseEnvironment("Production");
            builder.UseSetting("EnforcementFlows:DataDirectory", data);
            builder.UseSetting("EnforcementFlows:ApiKeys:0:Name", "bench");
            builder.UseSetting("EnforcementFlows:ApiKeys:0:Role", Roles.Admin);
            builder.UseSetting("EnforcementFlows:ApiKeys:0:KeySha256", ApiKeyOptions.Hash("bench-admin-key-0123456789abcdef"));
            builder.UseSetting("EnforcementFlows:Intake:Sources:bench:Secrets:0", Secret);
            builder.UseSetting("EnforcementFlows:Intake:RatePerSecond", "100000");
            builder.UseSetting("EnforcementFlows:Intake:RateBurst", "100000");
            builder.UseSetting("EnforcementFlows:Cases:CollectWindow", "00:00:00");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            if (backend is null)
            {
                return;
            }
            builder.UseSetting("EnforcementFlows:Workflows:Engine", "TaskHub");
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", backend.IsSqlite ? "Sqlite" : "AzureStorage");
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Sqlite:MaxConcurrentOrchestrations", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Sqlite:MaxConcurrentActivities", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:ConnectionString", backend.ConnectionString ?? "UseDevelopmentStorage=true");
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:HubName", "cases" + Guid.NewGuid().ToString("N")[..8]);
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:MaxConcurrentOrchestrations", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("EnforcementFlows:Workflows:TaskHub:MaxConcurrentActivities", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("EnforcementFlows:Workflows:RelayIdleDelay", "00:00:00.020");
            if (backend.ConnectionString is null && !backend.IsSqlite)
            {
                builder.ConfigureTestServices(s => s.AddSingleton<IOrchestrationService>(_ => backend.NewService("cases", concurrency)));
            }
        }

        public static string ContentRoot => AppContentRoot();

        private static string AppContentRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnforcementFlows.sln")))
            {
                dir = dir.Parent;
            }
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("run the benchmark from the repository"), "src", "EnforcementFlows.App");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
