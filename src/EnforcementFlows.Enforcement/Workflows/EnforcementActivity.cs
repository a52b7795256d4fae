namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>What a domain activity knows about the call it serves, whichever engine made the call.</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The orchestration instance that called it.</param>
/// <param name="ExecutionId">Identifies the call within the instance together with <paramref name="TaskId"/>: on the Durable
/// Task SDK engine it is the orchestrator's call id (<c>ActivityCall.CallId</c>) and the task id is 0.</param>
/// <param name="TaskId">See <paramref name="ExecutionId"/>.</param>
/// <param name="Attempt">1 for the first attempt of a call (diagnostics only: retries reuse the key).</param>
/// <param name="CancellationToken">Signalled when the host shuts down; the call is redelivered.</param>
public sealed record ActivityCallContext(string Name, string InstanceId, string ExecutionId, int TaskId, int Attempt, CancellationToken CancellationToken)
{
    /// <summary>Same value on every delivery and retry of this call; the activities deduplicate their effects by it.</summary>
    public string IdempotencyKey => $"{InstanceId}/{ExecutionId}/{TaskId}";
}

/// <summary>
/// An enforcement domain activity: the unit of side effects. It runs at least once per call, so every effect is
/// idempotent by <see cref="ActivityCallContext.IdempotencyKey"/> (brief section 4). Hosts adapt it to their engine.
/// </summary>
public abstract class EnforcementActivity<TInput, TOutput>
{
    public abstract Task<TOutput> RunAsync(ActivityCallContext context, TInput input);
}
