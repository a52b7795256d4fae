using Microsoft.AspNetCore.Hosting;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>The service on the SDK engine with the embedded SQLite task hub in its data directory (no backend injected).</summary>
public sealed class SqliteTaskHubAppFactory : TaskHubAppFactory
{
    protected override void UseTaskHub(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", "Sqlite");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Sqlite:MaxPollInterval", "00:00:00.100");
    }

    public override bool ReadsHistory => true;

    public string TaskHubFile => Path.Combine(DataDirectory, "taskhub.db");
}
