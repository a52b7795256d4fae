using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// What every dashboard page needs from its request: the user, a fresh anti-forgery token for its
/// forms, and whether the development sign-in is on (the layout then shows its banner).
/// </summary>
public sealed record DashboardRequest(HttpContext Http, DashboardUser? User, string AntiforgeryFieldName, string AntiforgeryToken, bool DevelopmentSignInEnabled)
{
    public static DashboardRequest For(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var access = http.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value;
        return new DashboardRequest(http, DashboardUser.From(http.User), tokens.FormFieldName, tokens.RequestToken ?? "", access.DevelopmentSignInEffective);
    }

    /// <summary>The signed-in user; pages behind an authorization policy always have one.</summary>
    public DashboardUser SignedIn => User ?? throw new InvalidOperationException("The dashboard page was reached without a signed-in user.");
}
