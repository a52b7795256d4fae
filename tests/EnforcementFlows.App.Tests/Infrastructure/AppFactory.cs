using System.Net.Http.Headers;
using EnforcementFlows.App.Security;
using EnforcementFlows.Durable;
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
            services.AddDurableTask(d =>
                d.Registry.AddOrchestrator<string, string>("TestWait", async (ctx, s) => s + await ctx.WaitForExternalEvent<string>("go")));
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

    public DurableClient Durable => Services.GetRequiredService<DurableClient>();

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
