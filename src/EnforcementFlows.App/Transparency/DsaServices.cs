using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Notices;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Transparency;

/// <summary>The DSA parts of the service: statements' Transparency Database submission (optional, off by default) and its report.</summary>
public static class DsaServices
{
    public static IServiceCollection AddDsa(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransparencyDatabaseOptions>().BindConfiguration(TransparencyDatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransparencyDatabaseOptions>, TransparencyDatabaseOptionsValidator>();
        services.AddSingleton<StatementQueries>();
        services.AddSingleton<TransparencySubmissions>();
        services.AddSingleton<NoticeOutbox>();
        services.AddSingleton<NoticeDelivery>();
        if (configuration[EnforcementFlows.App.Hosting.EnforcementGatewayOptions.Section + ":WebhookUrl"] is { Length: > 0 })
        {
            services.AddHostedService<NoticeRelay>();
        }
        if (configuration.GetValue<bool>(TransparencyDatabaseOptions.Section + ":Enabled"))
        {
            services.AddHostedService<TransparencyDatabaseJob>();
        }
        return services;
    }

    /// <summary><c>GET /api/transparency</c>: statements per submission state, and the rejected ones with the Database's reasons.</summary>
    public static IEndpointRouteBuilder MapTransparencyApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/transparency", async (TransparencySubmissions submissions, IOptions<TransparencyDatabaseOptions> options, CancellationToken ct) =>
                TypedResults.Ok(new
                {
                    enabled = options.Value.Enabled,
                    statements = await submissions.CountsAsync(ct),
                    rejected = await submissions.RejectedAsync(100, ct),
                }))
            .WithTags("Statements").RequireAuthorization(Roles.AtLeastAnalyst);
        // The JSON of the metrics page's appeals section (range: 24h, 7d, 30d).
        endpoints.MapGet("/api/metrics", async (string? range, Dashboard.Metrics.AppealMetricsQueries appeals, CancellationToken ct)
                => TypedResults.Ok(new { appeals = await appeals.LoadAsync(range, ct) }))
            .WithTags("Metrics").RequireAuthorization(Roles.AtLeastAnalyst);
        endpoints.MapGet("/api/cases/{id}/notices", async (string id, NoticeOutbox notices, CancellationToken ct) => TypedResults.Ok(await notices.ForCaseAsync(id, ct)))
            .WithTags("Cases").RequireAuthorization(Roles.AtLeastAnalyst);
        return endpoints;
    }
}
