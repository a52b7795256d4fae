using EnforcementFlows.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>The service on the SDK engine with Microsoft's Azure Storage provider, on a real Azurite.</summary>
public sealed class AzuriteTaskHubAppFactory : TaskHubAppFactory, IAsyncLifetime
{
    private AzuriteStorage? azurite;

    public async Task InitializeAsync() => azurite = await AzuriteStorage.StartAsync();

    protected override void UseTaskHub(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", "AzureStorage");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:ConnectionString",
            azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite was not started"));
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:HubName", "efsdk" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:PartitionCount", "1");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
