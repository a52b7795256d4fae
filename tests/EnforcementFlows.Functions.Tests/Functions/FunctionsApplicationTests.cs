using EnforcementFlows.App.Workflows;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Activities;
using EnforcementFlows.Functions.Hosting;
using EnforcementFlows.Functions.Intake;
using EnforcementFlows.Functions.Relay;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// Program.cs's composition (FunctionsApplication, ConfigureFunctionsWebApplication, AddEnforcementFunctions) builds,
/// and every function class resolves from it. Not started: starting needs the Functions host's gRPC endpoint.
/// </summary>
public sealed class FunctionsApplicationTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ef-fnapp-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_worker_s_composition_builds_and_resolves_every_function_class()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["EnforcementFlows:DataDirectory"] = directory,
            ["EnforcementFlows:PublicBaseUrl"] = "https://enforcement.example.test",
        });
        builder.Services.AddEnforcementFunctions(builder.Configuration);
        using var host = builder.Build();
        var services = host.Services;

        Assert.NotNull(ActivatorUtilities.CreateInstance<EnforcementActivityFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<OutboxRelayFunction>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<IntakeFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<AppealIntakeFunction>(services));
        using var scope = services.CreateScope(); // the HTTP functions' services as one invocation sees them
        Assert.NotNull(ActivatorUtilities.CreateInstance<Api.ApprovalFunctions>(scope.ServiceProvider));
        Assert.NotNull(ActivatorUtilities.CreateInstance<Api.CaseFunctions>(scope.ServiceProvider));
        Assert.NotNull(ActivatorUtilities.CreateInstance<Api.AppealFunctions>(scope.ServiceProvider));
        Assert.NotNull(ActivatorUtilities.CreateInstance<Archive.AuditArchiveFunction>(scope.ServiceProvider));
        // The domain's workflow commands are outbox rows.
        Assert.IsType<OutboxCaseWorkflowCommands>(services.GetRequiredService<CaseWorkflowCommands>());
        // The Functions host owns the task hub: neither the self-host's DTFx worker nor its relay loop runs here.
        // (Registrations are inspected: resolving the hosted services would start the gRPC worker's wiring.)
        Assert.DoesNotContain(builder.Services, d => d.ServiceType.Name is "TaskHubHost" or nameof(OutboxRelay) or "IOrchestrationService");
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
