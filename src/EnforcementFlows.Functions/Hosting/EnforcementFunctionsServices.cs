using EnforcementFlows.App.Email;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Functions.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using EnforcementFlows.App.Transparency;
using EnforcementFlows.Enforcement.Notices;

namespace EnforcementFlows.Functions.Hosting;

/// <summary>
/// The Functions host's services: the self-host's own registration of the domain (store on SQLite or PostgreSQL,
/// policy, scorers, gateway, approval email) with the SDK engine's outbox, so the same settings mean the same here.
/// The Functions host owns the task hub (host.json), so none of the self-host's task hub, worker or relay loops run
/// (timers run their passes).
/// </summary>
public static class EnforcementFunctionsServices
{
    public static IServiceCollection AddEnforcementFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddEnforcementOptions(configuration);
        // The demo intake source's secret and the first-run keys, kept in the data directory as on the self-host.
        services.AddSingleton(_ => FirstRunSecrets.LoadOrCreate(options.DataPath(FirstRunSecrets.FileName)));
        // The API triggers authenticate with the self-host's API keys. The approval pages' anti-forgery keys must be
        // the same on every instance and survive recycling: EnforcementFlows:KeyRing puts them in Blob storage (Flex
        // Consumption has no shared file system; without it they stay in the data directory).
        services.AddApiKeyAuthentication(options);
        services.AddEnforcementDataProtection(options, configuration);
        services.AddProblemDetails();
        services.AddEnforcementDomain();
        services.AddApprovalEmail();
        services.AddWorkflowEngineOptions();
        // The domain's workflow commands are outbox rows that the relay timer delivers through the durable client.
        services.AddEnforcementDatabase(options);
        services.AddSingleton<EnforcementActivities>();
        // The outcome notices the domain queues, delivered by the notice timer as the self-host's relay does.
        services.TryAddSingleton<NoticeOutbox>();
        services.TryAddSingleton<NoticeDelivery>();
        services.AddAuditArchiveOptions();
        services.AddSingleton<Archive.AuditArchiveContainer>();
        services.AddFunctionSchedules();
        return services;
    }
}
