using EnforcementFlows.Workflows.Tests.Engine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>
/// The service on the SDK engine (EnforcementFlows:Workflows:Engine=TaskHub) with the embedded SQLite task hub, enforcing through a
/// signed webhook to a <see cref="PlatformReceiver"/>, and approval emails written as .eml files to its pickup directory.
/// </summary>
public class DsaAppFactory : TaskHubAppFactory
{
    public PlatformReceiver Platform { get; } = PlatformReceiver.StartAsync().GetAwaiter().GetResult();

    public string Pickup => Path.Combine(DataDirectory, "outbox");

    protected override void UseTaskHub(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Provider", "Sqlite");
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:Sqlite:MaxPollInterval", "00:00:00.100");
        builder.UseSetting("EnforcementFlows:Enforcement:WebhookUrl", Platform.Url);
        builder.UseSetting("EnforcementFlows:Enforcement:WebhookSecret", PlatformReceiver.Secret);
        builder.UseSetting("EnforcementFlows:Email:PickupDirectory", Pickup);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        Configure(builder);
    }

    /// <summary>Every log line of the service.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>More settings of a derived fixture.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public override bool ReadsHistory => true;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Platform.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
