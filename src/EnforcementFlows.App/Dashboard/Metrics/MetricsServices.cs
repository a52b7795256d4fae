using EnforcementFlows.App.Dashboard.Operations;

namespace EnforcementFlows.App.Dashboard.Metrics;

public static class MetricsServices
{
    /// <summary>What the metrics and operations pages need: the metric queries and the remembered audit verification.</summary>
    public static IServiceCollection AddDashboardMetricsAndOperations(this IServiceCollection services)
    {
        services.AddSingleton<MetricsQueries>();
        services.AddSingleton<AppealMetricsQueries>();
        services.AddSingleton<AuditChainStatus>();
        return services;
    }
}
