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
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ef-functions-" + Guid.NewGuid().ToString("N"));

    public IHost Host { get; private set; } = null!;

    public IServiceProvider Services => Host.Services;

    /// <summary>A FunctionContext (Moq) whose InstanceServices are this host's, as the worker gives each invocation.</summary>
    public FunctionContext Context()
    {
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(Services);
        return context.Object;
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EnforcementFlows:DataDirectory"] = directory,
            ["EnforcementFlows:PublicBaseUrl"] = "https://enforcement.example.test",
            ["EnforcementFlows:Sweeps:Interval"] = "00:07:00",
            ["EnforcementFlows:Workflows:RelayBatchSize"] = "2",
        });
        builder.Services.AddLogging();
        builder.Services.AddEnforcementFunctions(builder.Configuration);
        Host = builder.Build();
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
