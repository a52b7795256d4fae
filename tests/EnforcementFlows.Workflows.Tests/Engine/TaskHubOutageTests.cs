using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.Workflows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>The service on Azure Storage over an Azurite that a test stops and starts again.</summary>
public sealed class RestartableAzuriteAppFactory : TaskHubAppFactory, IAsyncLifetime
{
    public AzuriteStorage? Azurite { get; private set; }

    public async Task InitializeAsync() => Azurite = await AzuriteStorage.StartAsync();

    protected override void UseTaskHub(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", "AzureStorage");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:ConnectionString", Azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite was not started"));
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:HubName", "efout" + Guid.NewGuid().ToString("N")[..8]);
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:PartitionCount", "1");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}

public sealed class TaskHubOutageTests(RestartableAzuriteAppFactory app) : IClassFixture<RestartableAzuriteAppFactory>
{

    [Fact]
    public async Task Intake_accepts_while_the_task_hub_is_down_and_the_relay_catches_up_after_it_returns()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-before", "acct-before", 1.0))).StatusCode);
        await app.UntilAsync("/api/accounts/acct-before", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);

        await app.Azurite!.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            // Nothing but the domain database is needed to acknowledge: the start waits in the outbox.
            Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag($"f-down-{i}", $"acct-down-{i}", 1.0))).StatusCode);
        }
        // Unreachable once a delivery failed; lagging while the task hub client is still inside its own retries.
        var ready = await app.UntilAsync("/readyz", r => r.GetProperty("taskHub").GetString() is "unreachable" or "lagging");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("outboxBacklog").GetInt64() >= 1, ready.ToString());

        await app.Azurite!.RestartAsync();
        for (var i = 0; i < 3; i++)
        {
            var account = await app.UntilAsync($"/api/accounts/acct-down-{i}", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
            Assert.Single(account.GetProperty("cases").EnumerateArray());
        }
        var after = await app.UntilAsync("/readyz", r => r.GetProperty("taskHub").GetString() == "reachable" && r.GetProperty("outboxBacklog").GetInt64() == 0);
        Assert.Equal("ready", after.GetProperty("status").GetString());
    }
}
