namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Authorization policies of dashboard endpoints: "at least this role", authenticated by
/// <see cref="DashboardSchemes.Selector"/> (client principal or development sign-in, never API keys).
/// </summary>
public static class DashboardPolicies
{
    public const string Analyst = "dashboard-analyst";
    public const string Approver = "dashboard-approver";
    public const string Admin = "dashboard-admin";
}
