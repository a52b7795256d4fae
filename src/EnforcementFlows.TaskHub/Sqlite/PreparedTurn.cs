using DurableTask.Core;
using DurableTask.Core.History;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>A message to store, serialized, with when it becomes visible (timers: their fire time).</summary>
internal sealed record PreparedMessage(string InstanceId, EventType Type, long VisibleAt, string Body, ExecutionStartedEvent? Start);

/// <summary>Everything a turn writes, serialized before it reaches the writer thread.</summary>
internal sealed class PreparedTurn
{
    public required OrchestrationState? State { get; init; }

    /// <summary>The instance row's details column (JSON) for <see cref="State"/>.</summary>
    public required string? StateDetails { get; init; }

    public required string ExecutionId { get; init; }

    public required int FirstSequence { get; init; }

    public required bool WriteInput { get; init; }

    /// <summary>The turn's new history events as one JSON array (one history row).</summary>
    public required string NewEvents { get; init; }

    public required int NewEventCount { get; init; }

    public required List<string> Activities { get; init; }

    public required List<PreparedMessage> Messages { get; init; }

    public static PreparedTurn Prepare(
        SqliteOrchestrationWorkItem item,
        OrchestrationRuntimeState state,
        IList<TaskMessage>? outbound,
        IList<TaskMessage>? orchestratorMessages,
        IList<TaskMessage>? timers,
        TaskMessage? continuedAsNew,
        OrchestrationState? orchestrationState) =>
        Prepare(item.StoredExecutionId, state, outbound, orchestratorMessages, timers, continuedAsNew, orchestrationState);

    /// <summary>The same for any backend: <paramref name="storedExecutionId"/> is the execution the stored history belongs to.</summary>
    public static PreparedTurn Prepare(
        string? storedExecutionId,
        OrchestrationRuntimeState state,
        IList<TaskMessage>? outbound,
        IList<TaskMessage>? orchestratorMessages,
        IList<TaskMessage>? timers,
        TaskMessage? continuedAsNew,
        OrchestrationState? orchestrationState)
    {
        var executionId = state.OrchestrationInstance?.ExecutionId ?? storedExecutionId ?? "";
        var messages = new List<PreparedMessage>();
        foreach (var message in orchestratorMessages ?? [])
        {
            messages.Add(PrepareMessage(message, visibleAt: 0));
        }
        foreach (var timer in timers ?? [])
        {
            var fireAt = timer.Event is TimerFiredEvent fired ? fired.FireAt : DateTime.UtcNow;
            messages.Add(PrepareMessage(timer, UtcTicks(fireAt)));
        }
        if (continuedAsNew is not null)
        {
            messages.Add(PrepareMessage(continuedAsNew, visibleAt: 0));
        }
        var pastCount = state.PastEvents.Count;
        return new PreparedTurn
        {
            State = orchestrationState,
            StateDetails = orchestrationState is null ? null : TaskHubJson.SerializeValue(new InstanceDetails(
                orchestrationState.Tags, orchestrationState.ParentInstance, orchestrationState.FailureDetails, orchestrationState.ScheduledStartTime)),
            ExecutionId = executionId,
            FirstSequence = pastCount,
            WriteInput = pastCount == 0,
            NewEvents = TaskHubJson.SerializeHistory(state.NewEvents.ToList()),
            NewEventCount = state.NewEvents.Count,
            Activities = (outbound ?? []).Select(TaskHubJson.Serialize).ToList(),
            Messages = messages,
        };
    }

    // DTFx times are UTC; only a Local one is converted (an Unspecified one would shift by the machine's zone).
    private static long UtcTicks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    /// <summary>Visible at 0 means "now" (the writer's clock).</summary>
    public static PreparedMessage PrepareMessage(TaskMessage message, long visibleAt)
    {
        TaskHubEntities.ThrowIfEntity(message.OrchestrationInstance?.InstanceId);
        var start = message.Event as ExecutionStartedEvent;
        if (start?.ScheduledStartTime is { } scheduled && visibleAt == 0)
        {
            visibleAt = UtcTicks(scheduled);
        }
        var instanceId = message.OrchestrationInstance?.InstanceId
            ?? throw new ArgumentException("A task message has no target instance (OrchestrationInstance.InstanceId)", nameof(message));
        return new PreparedMessage(instanceId, message.Event.EventType, visibleAt, TaskHubJson.Serialize(message), start);
    }
}
