namespace EnforcementFlows.Durable.Execution;

/// <summary>How an execution ended in this turn.</summary>
internal sealed record OrchestrationCompletion(
    OrchestrationStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    bool ContinuedAsNew = false,
    string? NewInput = null,
    IReadOnlyList<EventRaised>? CarryOverEvents = null);

/// <summary>The outcome of replaying an orchestrator over its history plus this turn's new events.</summary>
/// <param name="FreshApplied">
/// How many of the turn's new events the orchestrator saw; events after the point where it returned are
/// not applied, so the caller can leave them in the inbox instead of recording them for a finished execution.
/// </param>
internal sealed record ExecutionResult(
    IReadOnlyList<OrchestratorAction> NewActions,
    OrchestrationCompletion? Completion,
    string? CustomStatus,
    int FreshApplied = int.MaxValue);
