using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>A session claimed in the database: the lock, and which of its messages the work item carries.</summary>
internal sealed record ClaimedSession(string InstanceId, string LockToken, long ClaimedAt, long MaxSequence, long LockedUntil);

/// <summary>An activity claimed in the database.</summary>
internal sealed record ClaimedActivity(long Sequence, string InstanceId, string LockToken, long LockedUntil, int DequeueCount, string Body);

internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    public required ClaimedSession Claim { get; init; }

    /// <summary>The execution the stored history belongs to (null for an instance with no row yet).</summary>
    public string? StoredExecutionId { get; init; }

    /// <summary>Set once the lock is given back (completed or abandoned), so a later release costs no write.</summary>
    public bool Finished { get; set; }
}

internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    public required ClaimedActivity Claim { get; set; }
}
