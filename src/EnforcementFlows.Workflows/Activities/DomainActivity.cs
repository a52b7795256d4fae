using Microsoft.DurableTask;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Workflows.Activities;

/// <summary>
/// Runs one of the enforcement domain's idempotent activities as a Durable Task SDK activity. The domain
/// activities key their effects on <see cref="ActivityCallContext.IdempotencyKey"/> ("{instance}/{execution}/{task}");
/// here the execution part is the orchestrator's call id, so the key is stable per call on every host.
/// </summary>
public sealed class DomainActivity<TInput, TOutput>(EnforcementActivity<TInput, TOutput> inner)
    : TaskActivity<ActivityCall<TInput>, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, ActivityCall<TInput> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(call.CallId))
        {
            throw new ArgumentException($"Activity '{context.Name}' was called without a call id.", nameof(call));
        }
        return inner.RunAsync(new ActivityCallContext(context.Name.Name, context.InstanceId, call.CallId, TaskId: 0, Attempt: 1, CancellationToken.None), call.Input);
    }
}
