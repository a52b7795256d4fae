namespace EnforcementFlows.Durable.Execution;

/// <summary>Something the orchestrator asked for during a turn; each becomes a history event and work.</summary>
internal abstract record OrchestratorAction(int TaskId)
{
    public abstract HistoryEvent ToEvent(DateTime timestamp);

    /// <summary>Human-readable for non-determinism errors.</summary>
    public abstract string Describe();
}

internal sealed record ScheduleTaskAction(int TaskId, string Name, string? Input, int LogicalId, int Attempt) : OrchestratorAction(TaskId)
{
    public override HistoryEvent ToEvent(DateTime timestamp) => new TaskScheduled(TaskId, Name, Input, LogicalId, Attempt) { Timestamp = timestamp };
    public override string Describe() => $"activity '{Name}' (#{TaskId})";
}

internal sealed record CreateTimerAction(int TaskId, DateTime FireAt) : OrchestratorAction(TaskId)
{
    public override HistoryEvent ToEvent(DateTime timestamp) => new TimerCreated(TaskId, FireAt) { Timestamp = timestamp };
    public override string Describe() => $"timer (#{TaskId})";
}

internal sealed record CreateSubOrchestrationAction(int TaskId, string Name, string InstanceId, string? Input) : OrchestratorAction(TaskId)
{
    public override HistoryEvent ToEvent(DateTime timestamp) => new SubOrchestrationCreated(TaskId, Name, InstanceId, Input) { Timestamp = timestamp };
    public override string Describe() => $"sub-orchestration '{Name}' (#{TaskId})";
}

internal static class HistoryDescriptions
{
    public static string Describe(HistoryEvent e) => e switch
    {
        TaskScheduled t => $"activity '{t.Name}' (#{t.TaskId})",
        TimerCreated t => $"timer (#{t.TaskId})",
        SubOrchestrationCreated s => $"sub-orchestration '{s.Name}' (#{s.TaskId})",
        _ => e.GetType().Name,
    };
}
