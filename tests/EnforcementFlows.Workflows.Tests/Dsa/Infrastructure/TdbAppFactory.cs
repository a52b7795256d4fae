using Microsoft.AspNetCore.Hosting;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>The DSA fixture with the Transparency Database connector on, pointed at a <see cref="TransparencyStandIn"/>.</summary>
public sealed class TdbAppFactory : DsaAppFactory
{
    public TransparencyStandIn Database { get; } = TransparencyStandIn.StartAsync().GetAwaiter().GetResult();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:TransparencyDatabase:Enabled", "true");
        builder.UseSetting("EnforcementFlows:TransparencyDatabase:BaseUrl", Database.BaseUrl);
        builder.UseSetting("EnforcementFlows:TransparencyDatabase:Token", TransparencyStandIn.Token);
        builder.UseSetting("EnforcementFlows:TransparencyDatabase:Interval", "00:00:00.200");
        builder.UseSetting("EnforcementFlows:TransparencyDatabase:MaxBackoff", "00:00:02");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Database.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
