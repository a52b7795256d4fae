using System.Net.Http.Headers;
using EnforcementFlows.App.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The real app over a fresh data directory (its own SQLite database, or with <see cref="OnPostgres"/>
/// its own PostgreSQL database), with one API key per role
/// and a test orchestration that waits for an event.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AnalystKey = "analyst-key-for-tests-0123456789";
    public const string AdminKey = "admin-key-for-tests-0123456789ab";

    /// <summary>The test intake source's webhook secret.</summary>
    public const string SourceSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ef-tests", "app-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:DataDirectory", DataDirectory);
        builder.UseSetting("EnforcementFlows:ApiKeys:0:Name", "test-analyst");
        builder.UseSetting("EnforcementFlows:ApiKeys:0:Role", Roles.Analyst);
        builder.UseSetting("EnforcementFlows:ApiKeys:0:KeySha256", ApiKeyOptions.Hash(AnalystKey));
        builder.UseSetting("EnforcementFlows:ApiKeys:1:Name", "test-admin");
        builder.UseSetting("EnforcementFlows:ApiKeys:1:Role", Roles.Admin);
        builder.UseSetting("EnforcementFlows:ApiKeys:1:KeySha256", ApiKeyOptions.Hash(AdminKey));
        builder.UseSetting("EnforcementFlows:Intake:Sources:test:Secrets:0", SourceSecret);
        builder.UseSetting("EnforcementFlows:Intake:RatePerSecond", "1000");
        builder.UseSetting("EnforcementFlows:Intake:RateBurst", "2000");
        builder.UseSetting("EnforcementFlows:Cases:CollectWindow", "00:00:02");
        builder.UseSetting("EnforcementFlows:Workflows:RelayIdleDelay", "00:00:00.050");
        foreach (var (key, value) in StorageSettings)
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddWorkflowRegistration(r =>
                r.AddOrchestratorFunc<string, string>("TestWait", async (ctx, s) => s + await ctx.WaitForExternalEvent<string>("go")));
            ConfigureServices(services);
        });
    }

    /// <summary>Extra services (test doubles) for a derived fixture.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>True: the app runs on a PostgreSQL database of its own (on the shared test server) instead of SQLite.</summary>
    protected virtual bool OnPostgres => false;

    private string? _postgres;

    /// <summary>The storage configuration this app runs with (for CLI commands a test runs against the same database).</summary>
    public IReadOnlyDictionary<string, string> StorageSettings => OnPostgres
        ? new Dictionary<string, string>
        {
            ["EnforcementFlows:Storage:Provider"] = "Postgres",
            ["EnforcementFlows:Storage:ConnectionString"] = _postgres ??= SharedPostgres.NewDatabase(GetType().Name),
        }
        : new Dictionary<string, string>();

    /// <summary>Runs SQL on the app's database behind its back (tampering tests), returning the first column of the first row.</summary>
    public object? SqlBehindTheAppsBack(string sql)
    {
        System.Data.Common.DbConnection connection = OnPostgres
            ? new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(StorageSettings["EnforcementFlows:Storage:ConnectionString"]) { SearchPath = "enforcementflows", Pooling = false }.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "enforcementflows.db")};Pooling=False");
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }

    /// <summary>Extra configuration for a derived fixture.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>The workflow engine's client (the Durable Task SDK's, over the service's task hub).</summary>
    public DurableTaskClient Durable => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Case statuses that end a case; any other status means the case still moves on by itself.</summary>
    public static readonly IReadOnlySet<string> ClosedStatuses = new HashSet<string> { "enforced", "dismissed", "rejected", "expired" };

    /// <summary>
    /// Waits until the account's newest case is closed and returns it (as <c>/api/accounts/{id}</c> shows it). A case
    /// instance never completes (it continues as new for the account's next case), so tests wait on the domain.
    /// </summary>
    public async Task<JsonElement> CaseClosedAsync(string accountId, int cases = 1, TimeSpan? patience = null)
    {
        using var client = ClientWithKey(AnalystKey);
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(90));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/accounts/{Uri.EscapeDataString(accountId)}");
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                last = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                var list = last.GetProperty("cases");
                if (list.GetArrayLength() >= cases && ClosedStatuses.Contains(list[0].GetProperty("status").GetString()!))
                {
                    return list[0];
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"account {accountId} has no closed case (wanted {cases}); last: {last}");
    }

    /// <summary>Waits until <paramref name="instanceId"/> exists on the task hub (the relay starts it after the domain commit).</summary>
    public async Task<OrchestrationMetadata> InstanceAsync(string instanceId, Func<OrchestrationMetadata, bool>? done = null, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        OrchestrationMetadata? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (last is not null && (done is null || done(last)))
            {
                return last;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"instance {instanceId} did not reach the expected state; last: {last?.RuntimeStatus}");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary><see cref="AppFactory"/> on a PostgreSQL database of its own.</summary>
public sealed class PostgresAppFactory : AppFactory
{
    protected override bool OnPostgres => true;
}
