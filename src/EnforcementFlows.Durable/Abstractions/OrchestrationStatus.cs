namespace EnforcementFlows.Durable;

/// <summary>Runtime status of an orchestration instance. Numeric values are stored; never renumber.</summary>
public enum OrchestrationStatus
{
    Pending = 0,
    Running = 1,
    Suspended = 2,
    Completed = 3,
    Failed = 4,
    Terminated = 5,
}

public static class OrchestrationStatusExtensions
{
    public static bool IsTerminal(this OrchestrationStatus status)
        => status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated;
}
