using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

/// <summary>Configuration section "EnforcementFlows:Dashboard".</summary>
public sealed class DashboardOptions
{
    public const string Section = "EnforcementFlows:Dashboard";

    /// <summary>
    /// The development sign-in (pick any name and role, no password). Always on when the environment
    /// is Development; anywhere else only when this is true. Never turn it on for a deployment that
    /// real reviewers use.
    /// </summary>
    public bool EnableDevelopmentSignIn { get; set; }

    /// <summary>Trust X-MS-CLIENT-PRINCIPAL as set by Azure App Service / Functions authentication (only behind that front end).</summary>
    public bool TrustClientPrincipal { get; set; }

    /// <summary>Which claims of the client principal give which dashboard role.</summary>
    public List<ClientPrincipalRoleMapping> RoleMappings { get; set; } = [];

    /// <summary>How long a reviewer's claim on a case lasts before another reviewer can take it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The Durable Functions HTTP management API of the Functions app running the workflows in Azure, e.g.
    /// https://&lt;app&gt;.azurewebsites.net/runtime/webhooks/durabletask. When set, instance pages link each instance to
    /// its status there. The links carry no key: the platform asks for the durabletask_extension system key, which
    /// never goes into a page.
    /// </summary>
    public string? DurableFunctionsManagementUrl { get; set; }

    /// <summary>The management API's status URL of <paramref name="instanceId"/>, with its history; null when not configured.</summary>
    public string? DurableFunctionsStatusUrl(string instanceId)
        => string.IsNullOrWhiteSpace(DurableFunctionsManagementUrl)
            ? null
            : $"{DurableFunctionsManagementUrl.TrimEnd('/')}/instances/{Uri.EscapeDataString(instanceId)}?showHistory=true&showHistoryOutput=true";

    /// <summary>Set at start from the environment and <see cref="EnableDevelopmentSignIn"/>.</summary>
    public bool DevelopmentSignInEffective { get; set; }
}

/// <summary>
/// A claim of the client principal (type and value, compared case-insensitively) that grants a role.
/// The type defaults to "roles" (Entra ID app roles); "groups" maps security groups.
/// </summary>
public sealed class ClientPrincipalRoleMapping
{
    public string ClaimType { get; set; } = "roles";
    public string Value { get; set; } = "";
    public string Role { get; set; } = "";
}

internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.RoleMappings.Count; i++)
        {
            var mapping = options.RoleMappings[i];
            var path = $"{DashboardOptions.Section}:RoleMappings:{i}";
            if (string.IsNullOrWhiteSpace(mapping.ClaimType)) errors.Add($"{path}:ClaimType is required.");
            if (string.IsNullOrWhiteSpace(mapping.Value)) errors.Add($"{path}:Value is required.");
            if (!Security.Roles.All.Contains(mapping.Role)) errors.Add($"{path}:Role must be one of {string.Join(", ", Security.Roles.All)} (got '{mapping.Role}').");
        }
        if (options.ClaimLease < TimeSpan.FromMinutes(1) || options.ClaimLease > TimeSpan.FromHours(8))
        {
            errors.Add($"{DashboardOptions.Section}:ClaimLease must be between 00:01:00 and 08:00:00 (got {options.ClaimLease}).");
        }
        if (!string.IsNullOrWhiteSpace(options.DurableFunctionsManagementUrl)
            && (!Uri.TryCreate(options.DurableFunctionsManagementUrl, UriKind.Absolute, out var management) || management.Scheme is not ("https" or "http") || management.Query.Length > 0))
        {
            errors.Add($"{DashboardOptions.Section}:DurableFunctionsManagementUrl must be an absolute http(s) URL without a query (no key in it), e.g. https://<app>.azurewebsites.net/runtime/webhooks/durabletask.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
