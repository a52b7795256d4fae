using Microsoft.DurableTask;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// More orchestrators or activities for the self-host's registry, beside <c>AddEnforcementTasks()</c>: registered as a
/// singleton (<c>services.AddWorkflowRegistration(r => r.AddOrchestrator...)</c>), applied when the worker starts.
/// </summary>
public sealed record WorkflowRegistration(Action<DurableTaskRegistry> Register);

public static class WorkflowRegistrationServices
{
    public static IServiceCollection AddWorkflowRegistration(this IServiceCollection services, Action<DurableTaskRegistry> register)
        => services.AddSingleton(new WorkflowRegistration(register));
}
