using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Workflows;

public static class WorkflowEngineServices
{
    /// <summary>
    /// The workflow engine: the SDK workflows on DTFx over the task hub chosen by <c>EnforcementFlows:Workflows:TaskHub</c>,
    /// with the domain's starts and events written to the outbox and delivered by the relay.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services)
    {
        services.AddWorkflowEngineOptions();
        services.AddSingleton<IWorkflowInstances, SdkWorkflowInstances>();
        services.TryAddSingleton(sp => TaskHubBackends.Create(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub,
            sp.GetRequiredService<IOptions<Hosting.EnforcementFlowsOptions>>().Value.DataPath("taskhub.db"), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IOptions<Hosting.EnforcementFlowsOptions>>().Value.Storage is { IsPostgres: true } storage ? storage.ConnectionString : null));
        services.AddSingleton<DurableTaskClient>(sp => new TaskHubDurableClient(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.TaskHub.HubName,
            (IOrchestrationServiceClient)sp.GetRequiredService<IOrchestrationService>()));
        services.AddSingleton<TaskHubHost>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskHubHost>());
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TaskHubRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskHubRetention>());
        return services;
    }

    /// <summary><c>EnforcementFlows:Workflows</c>, validated at start.</summary>
    public static IServiceCollection AddWorkflowEngineOptions(this IServiceCollection services)
    {
        services.AddOptions<WorkflowEngineOptions>().BindConfiguration(WorkflowEngineOptions.Section)
            .PostConfigure<IConfiguration>((o, configuration) => o.TaskHub.FollowDomainDatabase(
                configuration.GetSection(Hosting.EnforcementFlowsOptions.Section).Get<Hosting.EnforcementFlowsOptions>()?.Storage.IsPostgres == true))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowEngineOptions>, WorkflowEngineOptionsValidator>());
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
