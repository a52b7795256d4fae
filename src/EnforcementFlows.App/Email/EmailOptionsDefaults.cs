using EnforcementFlows.App.Hosting;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Email;

/// <summary>Fills in the pickup directory from the data directory when no SMTP host is configured.</summary>
internal sealed class EmailOptionsDefaults(IOptions<EnforcementFlowsOptions> flows) : IPostConfigureOptions<EmailOptions>
{
    public void PostConfigure(string? name, EmailOptions options)
    {
        if (!options.UsesSmtp && string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            options.PickupDirectory = flows.Value.DataPath("outbox");
        }
        if (!string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            // System.Net.Mail refuses a relative pickup directory.
            options.PickupDirectory = Path.GetFullPath(options.PickupDirectory);
        }
    }
}
