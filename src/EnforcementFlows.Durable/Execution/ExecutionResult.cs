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
internal sealed record ExecutionResult(
    IReadOnlyList<OrchestratorAction> NewActions,
    OrchestrationCompletion? Completion,
    string? CustomStatus);
