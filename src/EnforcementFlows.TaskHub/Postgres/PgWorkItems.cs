using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>A claimed session, loaded: the lock, and exactly which inbox rows the work item carries.</summary>
internal sealed class PgOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    public required string LockToken { get; init; }

    /// <summary>The inbox rows this turn consumes; completion deletes exactly these (later arrivals wait for the next turn).</summary>
    public required long[] MessageSequences { get; init; }

    /// <summary>The execution the stored history belongs to (null for an instance with no row yet).</summary>
    public string? StoredExecutionId { get; init; }

    /// <summary>Messages for an instance that does not exist or has finished: dropped, not handed to DTFx.</summary>
    public bool Orphaned { get; init; }

    public bool Finished { get; set; }

    public string Key => InstanceId + "/" + LockToken;
}

internal sealed class PgActivityWorkItem : TaskActivityWorkItem
{
    public required Sqlite.ClaimedActivity Claim { get; set; }
}
