namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Authentication of dashboard users. <see cref="Selector"/> forwards to the App Service client
/// principal when that is trusted and present, and to the development sign-in cookie otherwise.
/// API keys are not accepted by the dashboard (they are for machines, and have no sign-in flow).
/// </summary>
public static class DashboardSchemes
{
    public const string Selector = "Dashboard";
    public const string ClientPrincipal = "DashboardClientPrincipal";
    public const string DevelopmentCookie = "DashboardDevelopmentSignIn";
    public const string CookieName = "ef_dashboard_dev";
}
