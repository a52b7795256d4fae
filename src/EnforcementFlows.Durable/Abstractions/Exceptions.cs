namespace EnforcementFlows.Durable;

/// <summary>Thrown into an orchestrator when an activity or sub-orchestration it called failed.</summary>
public sealed class TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
    : Exception($"Task '{taskName}' (#{taskId}) failed: {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
{
    public string TaskName { get; } = taskName;
    public int TaskId { get; } = taskId;
    public TaskFailureDetails FailureDetails { get; } = failureDetails;
}

/// <summary>The orchestrator's code no longer produces the steps recorded in its history.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);

/// <summary>The operation names an instance that does not exist.</summary>
public sealed class InstanceNotFoundException(string instanceId)
    : Exception($"Orchestration instance '{instanceId}' does not exist.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The operation is not allowed in the instance's current state.</summary>
public sealed class InstanceStateException(string message) : Exception(message);

/// <summary>
/// A write made with <see cref="Storage.IDurableTransaction.DeferExpecting"/> changed another number of rows than
/// expected (someone else got there first): the operation failed and nothing of it was kept.
/// </summary>
public sealed class UnexpectedRowCountException(int expected, long actual)
    : Exception($"A guarded write changed {actual} rows where {expected} were expected; the database changed since it was read.");
