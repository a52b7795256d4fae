using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable;

/// <summary>
/// The orchestrator's only window on the world. Everything it returns comes from history on
/// replay, so orchestrator code that uses only this context is deterministic.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract string InstanceId { get; }
    public abstract string Name { get; }
    public abstract string? Version { get; }

    /// <summary>The time the current turn started, as recorded in history (never the wall clock).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is re-running steps that already happened.</summary>
    public abstract bool IsReplaying { get; }

    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, TaskOptions? options = null);

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a child orchestration and waits for its result. The default child id is derived from this instance.</summary>
    public abstract Task<T> CallSubOrchestratorAsync<T>(string name, object? input = null, string? instanceId = null, TaskOptions? options = null);

    /// <summary>A durable timer: survives restarts, never fires before <paramref name="fireAtUtc"/>.</summary>
    public abstract Task CreateTimer(DateTime fireAtUtc, CancellationToken cancellation);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellation)
        => CreateTimer(CurrentUtcDateTime + delay, cancellation);

    /// <summary>Waits for an event raised on this instance; events raised earlier are buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellation = default);

    /// <summary>Like <see cref="WaitForExternalEvent{T}(string, CancellationToken)"/>, throwing <see cref="TimeoutException"/> if nothing arrives in time.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string name, TimeSpan timeout);

    /// <summary>
    /// Takes an event of this name that has already arrived and that nothing waited for, without waiting and
    /// without a durable timer (a zero-timeout wait costs a timer and one more turn). What it sees is replayed
    /// from history, so it is deterministic. An event still on its way is not seen: if the instance then
    /// finishes, a signal-with-start event starts it again.
    /// </summary>
    public abstract bool TryTakeReceivedEvent<T>(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value);

    /// <summary>Visible to clients through the instance status; saved with the turn.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Restarts this instance with a fresh history once the orchestrator returns.</summary>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay.</summary>
    public abstract Guid NewGuid();

    /// <summary>Wraps a logger so that it stays silent while the orchestrator replays.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);
}
