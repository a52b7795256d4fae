using EnforcementFlows.Enforcement.Gateway;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>Configuration section "EnforcementFlows:Enforcement": where actions take effect.</summary>
public sealed class EnforcementGatewayOptions
{
    public const string Section = "EnforcementFlows:Enforcement";

    /// <summary>The platform's enforcement webhook; unset → the built-in account store.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>"whsec_..." secret the outbound webhooks are signed with; required with <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public static IEnforcementGateway Create(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<EnforcementGatewayOptions>>().Value;
        if (o.WebhookUrl is null)
        {
            return new BuiltInAccountGateway();
        }
        var signer = new OutboundWebhookSigner(Enforcement.Webhooks.WebhookSecret.Parse(o.WebhookSecret!), services.GetRequiredService<TimeProvider>());
        return new WebhookEnforcementGateway(new HttpClient { Timeout = o.Timeout }, new Uri(o.WebhookUrl), signer);
    }
}

internal sealed class EnforcementGatewayOptionsValidator : IValidateOptions<EnforcementGatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, EnforcementGatewayOptions o)
    {
        if (o.WebhookUrl is null)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{EnforcementGatewayOptions.Section}:WebhookUrl must be an absolute http(s) URL.");
        }
        if (!WebhookSecret.TryParse(o.WebhookSecret, out _, out var why))
        {
            errors.Add($"{EnforcementGatewayOptions.Section}:WebhookSecret is required with WebhookUrl and must be a whsec_ secret: {why}");
        }
        if (o.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{EnforcementGatewayOptions.Section}:Timeout must be positive.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
