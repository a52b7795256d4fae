using Microsoft.Extensions.Logging;

namespace EnforcementFlows.TaskHub;

/// <summary>
/// Every log line of the task hub. Event ids 3000-3099. Instance ids are logged; inputs, outputs and
/// messages never are (they can carry personal data and secrets).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "SQLite task hub started on {Path} (schema version {Version})")]
    public static partial void Started(ILogger logger, string path, int version);

    [LoggerMessage(3001, LogLevel.Information, "SQLite task hub stopped: {Transactions} transactions, {Operations} writes")]
    public static partial void Stopped(ILogger logger, long transactions, long operations);

    [LoggerMessage(3002, LogLevel.Warning, "Orchestration {InstanceId}: the session lock was lost before completion; the turn is discarded and redone by the lock holder")]
    public static partial void SessionLockLost(ILogger logger, string instanceId);

    [LoggerMessage(3003, LogLevel.Warning, "Activity {Sequence} of {InstanceId}: the lock was lost; its result is dropped (another worker owns it)")]
    public static partial void ActivityLockLost(ILogger logger, long sequence, string instanceId);

    [LoggerMessage(3004, LogLevel.Information, "Orchestration {InstanceId} abandoned {Count} times; offered again in {DelayMs} ms")]
    public static partial void OrchestrationAbandoned(ILogger logger, string instanceId, int count, long delayMs);

    [LoggerMessage(3005, LogLevel.Debug, "Dropped {Count} messages for {InstanceId}: the instance does not exist or has finished")]
    public static partial void MessagesDropped(ILogger logger, int count, string instanceId);

    [LoggerMessage(3006, LogLevel.Warning, "Released {Count} leases left by a previous worker process (it stopped without releasing them); their work is offered again now")]
    public static partial void StaleLeasesReleased(ILogger logger, int count);
}
