using EnforcementFlows.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// The service on the SDK engine with the PostgreSQL task hub (issue 19) on a private PostgreSQL cluster (initdb,
/// pg_ctl; missing binaries fail the test). The domain database stays the default SQLite file.
/// </summary>
public sealed class PostgresTaskHubAppFactory : TaskHubAppFactory, IAsyncLifetime
{
    private readonly LocalPostgres _server = new();

    public Task InitializeAsync() => _server.StartAsync();

    protected override void UseTaskHub(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", "Postgres");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Postgres:ConnectionString", _server.ConnectionString);
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Postgres:Schema", "apptaskhub");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Postgres:MaxPollInterval", "00:00:00.100");
    }

    public override bool ReadsHistory => true;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _server.DisposeAsync();
    }
}
