using EnforcementFlows.App.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>An unset task hub provider follows the domain database, so processes sharing a PostgreSQL domain share a hub.</summary>
public sealed class TaskHubProviderDefaultTests
{
    [Theory]
    [InlineData("Postgres", null, "Postgres")]
    [InlineData("Sqlite", null, "Sqlite")]
    [InlineData("Postgres", "Sqlite", "Sqlite")] // an explicit setting wins (one process only; the service warns)
    [InlineData("Sqlite", "AzureStorage", "AzureStorage")]
    public void Issue_19_an_unset_provider_follows_the_domain_database(string storage, string? configured, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EnforcementFlows:Storage:Provider"] = storage,
            ["EnforcementFlows:Storage:ConnectionString"] = "Host=localhost",
            ["EnforcementFlows:Workflows:TaskHub:Provider"] = configured,
            ["EnforcementFlows:Workflows:TaskHub:ConnectionString"] = configured == "AzureStorage" ? "UseDevelopmentStorage=true" : null,
        };
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddWorkflowEngineOptions()
            .BuildServiceProvider();

        var taskHub = services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub;

        Assert.Equal(expected, taskHub.Provider);
        Assert.Empty(taskHub.Problems("EnforcementFlows:Workflows:TaskHub"));
    }

    [Fact]
    public void Without_a_domain_setting_the_hub_is_the_embedded_SQLite_file()
    {
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddWorkflowEngineOptions()
            .BuildServiceProvider();

        Assert.Equal("Sqlite", services.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub.Provider);
    }
}
