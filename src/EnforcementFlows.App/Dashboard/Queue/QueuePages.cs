namespace EnforcementFlows.App.Dashboard;

/// <summary>The review queue: cases awaiting a human, most urgent first.</summary>
public static class QueuePages
{
    public static RouteGroupBuilder MapQueuePages(this RouteGroupBuilder group)
    {
        group.MapGet("/queue", (HttpContext http) => DashboardLayout.Result(http, "Review queue", DashboardNav.Queue, "<p class=\"muted\">The queue is being built.</p>"));
        return group;
    }
}
