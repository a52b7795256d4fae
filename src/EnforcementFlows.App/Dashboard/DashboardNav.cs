namespace EnforcementFlows.App.Dashboard;

/// <summary>The navigation items of the dashboard; a page names the one it belongs to.</summary>
public enum DashboardNav
{
    None,
    Queue,
    Metrics,
    Operations,
}
