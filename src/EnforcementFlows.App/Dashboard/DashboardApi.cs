using EnforcementFlows.App.Dashboard.Metrics;
using EnforcementFlows.App.Dashboard.Operations;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// The review dashboard under /dashboard: server-rendered pages, one anti-forgery-checked form per
/// change, security headers on every response (see <see cref="DashboardSecurityHeaders"/>).
/// Every page needs at least the analyst role unless it says otherwise.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/dashboard")
            .ExcludeFromDescription()
            .RequireAuthorization(DashboardPolicies.Analyst)
            .AddEndpointFilter(DashboardAntiforgery.ValidatePosts);
        group.MapGet("/", () => Results.Redirect("/dashboard/queue"));
        group.MapDashboardAssets();
        group.MapSignInPages();
        group.MapQueuePages();
        group.MapCasePages();
        group.MapAccountPages();

        // ── Metrics and Operations pages: branch `metrics` adds these two calls (Dashboard/Metrics, Dashboard/Operations). ──
        group.MapMetricsPages();
        group.MapOperationsPages();
        return endpoints;
    }
}
