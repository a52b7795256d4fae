namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>/dashboard/metrics: every dashboard role may see it (the group's analyst policy).</summary>
public static class MetricsPages
{
    public static RouteGroupBuilder MapMetricsPages(this RouteGroupBuilder group)
    {
        group.MapGet("/metrics", async (HttpContext http, MetricsQueries metrics, AppealMetricsQueries appeals, string? range) =>
        {
            var report = await metrics.LoadAsync(range, http.RequestAborted);
            var appealReport = await appeals.LoadAsync(range, http.RequestAborted);
            return DashboardLayout.Result(http, "Metrics", DashboardNav.Metrics, MetricsPage.Render(report) + AppealMetricsPage.Render(appealReport));
        });
        return group;
    }
}
