namespace EnforcementFlows.Durable.Storage;

/// <summary>A request to create (or restart) an instance.</summary>
/// <param name="StartAt">
/// A scheduled start: the instance exists (Pending) at once, and its first turn runs at this time. Events
/// and suspend requests sent before then wait for the start and are taken in order after it; control messages
/// (terminate, resume) apply at once.
/// Null: start now.
/// </param>
public sealed record NewInstance(string InstanceId, string Name, string? Version, string? Input, ParentInstance? Parent = null, DateTimeOffset? StartAt = null);

/// <param name="Created">False when the instance was already running and was left as it was.</param>
public sealed record StartOutcome(bool Created, string ExecutionId);

/// <summary>A message in an instance's inbox. <see cref="ExecutionId"/> null means "whatever execution is current".</summary>
public sealed record InboxMessage(long Id, string? ExecutionId, HistoryEvent Event);

/// <summary>An instance claimed by a worker for one turn.</summary>
public sealed record OrchestrationWorkItem(
    string InstanceId,
    string ExecutionId,
    string Name,
    string? Version,
    OrchestrationStatus Status,
    ParentInstance? Parent,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxMessage> Messages);

public sealed record NewActivity(int TaskId, string Name, string? Input, int LogicalId, int Attempt);

/// <summary>A message from a turn to an inbox (its own for timers, a parent's for completion).</summary>
public sealed record OutboundMessage(string InstanceId, string? ExecutionId, HistoryEvent Event, DateTimeOffset? VisibleAt = null);

/// <summary>Replaces the history with a new execution (continue-as-new).</summary>
public sealed record Restart(string NewExecutionId, string? Input, IReadOnlyList<EventRaised> CarryOverEvents);

/// <summary>Everything one orchestration turn changes; committed atomically.</summary>
public sealed record OrchestrationTurn(
    string InstanceId,
    string ExecutionId,
    IReadOnlyList<long> ConsumedMessageIds,
    IReadOnlyList<HistoryEvent> NewHistory,
    OrchestrationStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    IReadOnlyList<NewActivity> Activities,
    IReadOnlyList<OutboundMessage> Messages,
    IReadOnlyList<NewInstance> SubOrchestrations,
    Restart? Restart = null,
    string? Version = null);

/// <summary>An activity call claimed by a worker.</summary>
public sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, int LogicalId, int Attempt, string Name, string? Input, int Deliveries);

/// <summary>The outcome of an activity call: a <see cref="TaskCompleted"/> or <see cref="TaskFailed"/> for its instance.</summary>
public sealed record ActivityResult(long ActivityId, string InstanceId, string ExecutionId, HistoryEvent Event);
