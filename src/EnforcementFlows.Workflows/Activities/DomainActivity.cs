using Microsoft.DurableTask;
using Legacy = EnforcementFlows.Durable;

namespace EnforcementFlows.Workflows.Activities;

/// <summary>
/// Runs one of the enforcement domain's idempotent activities as a Durable Task SDK activity. The domain
/// activities key their effects on the legacy context's <c>IdempotencyKey</c> ("{instance}/{execution}/{task}");
/// here the execution part is the orchestrator's call id, so the key is stable per call on every host.
/// </summary>
public sealed class DomainActivity<TInput, TOutput>(Legacy.TaskActivity<TInput, TOutput> inner)
    : TaskActivity<ActivityCall<TInput>, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, ActivityCall<TInput> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(call.CallId))
        {
            throw new ArgumentException($"Activity '{context.Name}' was called without a call id.", nameof(call));
        }
        var legacy = new Legacy.TaskActivityContext(context.Name.Name, context.InstanceId, call.CallId, taskId: 0, attempt: 1, CancellationToken.None);
        return inner.RunAsync(legacy, call.Input);
    }
}
