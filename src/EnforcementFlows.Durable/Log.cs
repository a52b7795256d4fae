using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable;

/// <summary>
/// Every log line of the runtime. Event ids: 1000-1099 worker, 1100-1199 orchestrations,
/// 1200-1299 activities, 1300-1399 store and retention. Instance ids are logged; inputs and
/// outputs never are (they can carry personal data and secrets).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Durable worker {WorkerId} started: {Dispatchers} orchestration dispatchers, {MaxActivities} concurrent activities")]
    public static partial void WorkerStarted(ILogger logger, string workerId, int dispatchers, int maxActivities);

    [LoggerMessage(1001, LogLevel.Information, "Durable worker {WorkerId} stopped")]
    public static partial void WorkerStopped(ILogger logger, string workerId);

    [LoggerMessage(1002, LogLevel.Warning, "Durable worker {WorkerId}: store call failed, retrying in {DelayMs} ms")]
    public static partial void StoreCallFailed(ILogger logger, Exception exception, string workerId, int delayMs);

    [LoggerMessage(1003, LogLevel.Information, "Durable worker {WorkerId} is disabled (Durable:Worker:Enabled=false): this process starts and signals workflows but runs none")]
    public static partial void WorkerDisabled(ILogger logger, string workerId);

    [LoggerMessage(1100, LogLevel.Debug, "Orchestration {InstanceId} ({Name}) turn: {Actions} new actions, status {Status}")]
    public static partial void TurnProcessed(ILogger logger, string instanceId, string name, int actions, OrchestrationStatus status);

    [LoggerMessage(1101, LogLevel.Warning, "Orchestration {InstanceId} ({Name}) failed: {ErrorType}: {ErrorMessage}")]
    public static partial void OrchestrationFailed(ILogger logger, string instanceId, string name, string errorType, string errorMessage);

    [LoggerMessage(1102, LogLevel.Error, "Orchestration {InstanceId}: turn could not be processed; it will be retried")]
    public static partial void TurnCrashed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(1103, LogLevel.Warning, "Orchestration {InstanceId}: lease lost before commit; the turn is discarded and redone by the lease holder")]
    public static partial void TurnLeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(1104, LogLevel.Information, "Orchestration {InstanceId} ({Name}) terminated: {Reason}")]
    public static partial void OrchestrationTerminated(ILogger logger, string instanceId, string name, string? reason);

    [LoggerMessage(1200, LogLevel.Warning, "Activity {Name} #{TaskId} of {InstanceId} failed on attempt {Attempt}: {ErrorType}: {ErrorMessage}")]
    public static partial void ActivityFailed(ILogger logger, string name, int taskId, string instanceId, int attempt, string errorType, string errorMessage);

    [LoggerMessage(1201, LogLevel.Warning, "Activity {Name} #{TaskId} of {InstanceId}: lease lost, result dropped (another worker owns the call)")]
    public static partial void ActivityLeaseLost(ILogger logger, string name, int taskId, string instanceId);

    [LoggerMessage(1300, LogLevel.Information, "Retention sweep purged {Count} instances finished before {Cutoff:o}")]
    public static partial void RetentionPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(1301, LogLevel.Warning, "Retention sweep failed")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
