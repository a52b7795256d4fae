using System.Text.Json.Serialization;

namespace EnforcementFlows.Durable;

/// <summary>
/// One fact in an instance's event-sourced history. Inputs, outputs and payloads are JSON text.
/// The type names are persisted: never rename them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
public abstract record HistoryEvent
{
    public DateTime Timestamp { get; init; }
}

/// <summary>Parent link of a sub-orchestration, so its completion can be reported back.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId);

public sealed record ExecutionStarted(string Name, string? Version, string? Input, ParentInstance? Parent = null) : HistoryEvent;

/// <summary>Marks the start of a turn; its timestamp is the orchestrator's current time.</summary>
public sealed record OrchestratorStarted : HistoryEvent;

/// <param name="LogicalId">Task id of the first attempt of this call; equal to TaskId unless this is a retry.</param>
public sealed record TaskScheduled(int TaskId, string Name, string? Input, int LogicalId, int Attempt) : HistoryEvent;

public sealed record TaskCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record TaskFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record TimerCreated(int TaskId, DateTime FireAt) : HistoryEvent;

public sealed record TimerFired(int TaskId, DateTime FireAt) : HistoryEvent;

public sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string? Input) : HistoryEvent;

public sealed record SubOrchestrationCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record SubOrchestrationFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record EventRaised(string Name, string? Input) : HistoryEvent;

public sealed record ExecutionSuspended(string? Reason) : HistoryEvent;

public sealed record ExecutionResumed(string? Reason) : HistoryEvent;

public sealed record ExecutionTerminated(string? Reason) : HistoryEvent;

/// <param name="Status">Completed, Failed or Terminated; continue-as-new is recorded as Completed with <see cref="ContinuedAsNew"/>.</param>
public sealed record ExecutionCompleted(OrchestrationStatus Status, string? Result, TaskFailureDetails? Failure, bool ContinuedAsNew = false) : HistoryEvent;
