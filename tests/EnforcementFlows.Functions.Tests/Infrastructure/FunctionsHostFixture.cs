using EnforcementFlows.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app's services (AddEnforcementFunctions, as Program.cs registers them) on a real SQLite domain
/// database in a fresh directory, started so the schema exists. No Functions host: the tests call the functions.
/// </summary>
public class FunctionsHostFixture : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ef-functions-" + Guid.NewGuid().ToString("N"));

    public IHost Host { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    public string DataDirectory => directory;

    /// <summary>A FunctionContext (Moq) whose InstanceServices are this host's, as the worker gives each invocation.</summary>
    public FunctionContext Context()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(Services);
        return context.Object;
    }

    /// <summary>Settings on top of the common ones (a subclass's, or a test's own host).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

    /// <summary>The settings every test host has: what bicep sets, the schedules at their defaults.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["EnforcementFlows:DataDirectory"] = directory,
            ["EnforcementFlows:PublicBaseUrl"] = "https://enforcement.example.test",
            ["EnforcementFlows:Sweeps:Interval"] = "00:07:00",
            ["EnforcementFlows:Workflows:RelayBatchSize"] = "2",
        };
        foreach (var (key, value) in FunctionSchedules.Defaults)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in MoreSettings())
        {
            settings[key] = value;
        }
        return settings;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        Host = Build(Settings());
        await Host.StartAsync();
    }

    /// <summary>The Functions app's services over <paramref name="settings"/>, not started.</summary>
    public static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddEnforcementFunctions(builder.Configuration);
        return builder.Build();
    }

    public virtual async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
