using Legacy = EnforcementFlows.Durable;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// A domain activity on the legacy runtime (<c>Workflows:Engine=Legacy</c>), with the context's values passed through
/// unchanged so its idempotency keys stay what they were. Goes with the legacy runtime (issue 18).
/// </summary>
internal sealed class LegacyActivity<TInput, TOutput>(EnforcementActivity<TInput, TOutput> inner) : Legacy.TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(Legacy.TaskActivityContext context, TInput input)
        => inner.RunAsync(new ActivityCallContext(context.Name, context.InstanceId, context.ExecutionId, context.TaskId, context.Attempt, context.CancellationToken), input);
}
