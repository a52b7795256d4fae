using System.Security.Claims;
using System.Text.Encodings.Web;
using EnforcementFlows.App.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Signs a dashboard user in from X-MS-CLIENT-PRINCIPAL (Azure App Service / Functions
/// authentication) when <see cref="DashboardOptions.TrustClientPrincipal"/> is on; its claims are
/// mapped to roles by <see cref="DashboardOptions.RoleMappings"/>. A principal with no mapped role
/// is signed in without roles (and so is refused by every dashboard policy: 403).
/// </summary>
public sealed class ClientPrincipalAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<DashboardOptions> dashboard)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = dashboard.CurrentValue;
        if (!settings.TrustClientPrincipal || ClientPrincipal.Read(Request) is not { } principal)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var roles = RolesOf(principal, settings.RoleMappings);
        var claims = roles.Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, principal.Name));
        var identity = new ClaimsIdentity(claims, DashboardSchemes.ClientPrincipal);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), DashboardSchemes.ClientPrincipal)));
    }

    /// <summary>Every role a mapping grants, with the roles it implies.</summary>
    public static IReadOnlyList<string> RolesOf(ClientPrincipal.Decoded principal, IEnumerable<ClientPrincipalRoleMapping> mappings)
        => mappings
            .Where(m => principal.Claims.Any(c => string.Equals(c.Type, m.ClaimType, StringComparison.OrdinalIgnoreCase)
                && string.Equals(c.Value, m.Value, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(m => Roles.Implied(m.Role))
            .Distinct()
            .ToList();

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
