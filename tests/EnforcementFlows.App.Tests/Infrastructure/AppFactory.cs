using System.Net.Http.Headers;
using EnforcementFlows.App.Security;
using EnforcementFlows.Durable;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The real app over a fresh data directory (its own SQLite database), with one API key per role
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
