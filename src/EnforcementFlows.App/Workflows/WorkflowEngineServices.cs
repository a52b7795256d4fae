using DurableTask.Core;
using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Workflows;

public static class WorkflowEngineServices
{
    /// <summary>
    /// The workflow engine chosen by <c>EnforcementFlows:Workflows:Engine</c>. With <c>TaskHub</c>: the domain writes
    /// starts and events to the outbox, the relay delivers them, the SDK workflows run on DTFx, and the legacy
    /// runtime's worker stays off (its store remains the domain database).
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowEngineOptions();
        var engine = configuration.GetSection(WorkflowEngineOptions.Section).Get<WorkflowEngineOptions>() ?? new WorkflowEngineOptions();
        if (!engine.IsTaskHub)
        {
            services.AddSingleton<IWorkflowInstances, LegacyWorkflowInstances>();
            return services;
        }
        services.AddSingleton<IWorkflowInstances, SdkWorkflowInstances>();
        services.UseWorkflowOutbox();
        services.TryAddSingleton(sp => TaskHubBackends.Create(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub,
            sp.GetRequiredService<IOptions<Hosting.EnforcementFlowsOptions>>().Value.DataPath("taskhub.db"), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IOptions<Hosting.EnforcementFlowsOptions>>().Value.Storage is { IsPostgres: true } storage ? storage.ConnectionString : null));
        services.AddSingleton<DurableTaskClient>(sp => new TaskHubDurableClient(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub.HubName,
            (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>()));
        services.AddSingleton<TaskHubHost>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskHubHost>());
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }

    /// <summary><c>EnforcementFlows:Workflows</c>, validated at start.</summary>
    public static IServiceCollection AddWorkflowEngineOptions(this IServiceCollection services)
    {
        services.AddOptions<WorkflowEngineOptions>().BindConfiguration(WorkflowEngineOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowEngineOptions>, WorkflowEngineOptionsValidator>());
        return services;
    }

    /// <summary>
    /// The SDK engine's side of the domain, for every host of the SDK workflows (the self-host, the Functions app): the
    /// domain's workflow commands become outbox rows committed with their facts, and the legacy worker runs nothing.
    /// </summary>
    public static IServiceCollection UseWorkflowOutbox(this IServiceCollection services)
    {
        services.PostConfigure<DurableWorkerOptions>(o => o.Enabled = false);
        services.Replace(ServiceDescriptor.Singleton<CaseWorkflowCommands>(sp => new OutboxCaseWorkflowCommands(sp.GetRequiredService<TimeProvider>())));
        return services;
    }
}

internal sealed class WorkflowEngineOptionsValidator : IValidateOptions<WorkflowEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowEngineOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
