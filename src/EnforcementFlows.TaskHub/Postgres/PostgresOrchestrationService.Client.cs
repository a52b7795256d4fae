using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Sqlite;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>The client side: starting instances (with dedupe), sending messages, terminating, waiting.</summary>
public sealed partial class PostgresOrchestrationService
{
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses: null);

    /// <summary>
    /// Starts an instance. When an instance with the id exists and its status is one of
    /// <paramref name="dedupeStatuses"/>, nothing is written and <see cref="OrchestrationAlreadyExistsException"/>
    /// is thrown. The check locks the instance row (or, for a new id, takes a transaction-scoped advisory
    /// lock on it), so two processes starting one id at once start it only once.
    /// </summary>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent)
        {
            throw new ArgumentException($"A creation message carries an ExecutionStartedEvent, not {creationMessage.Event?.EventType}", nameof(creationMessage));
        }
        var message = PreparedTurn.PrepareMessage(creationMessage, visibleAt: 0);
        await EnsureStartedAsync().ConfigureAwait(false);
        var blocked = await Writer.RunAsync(s =>
        {
            if (dedupeStatuses is { Length: > 0 })
            {
                s.Defer("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", _s + "/" + message.InstanceId);
                var existing = s.Scalar($"SELECT status FROM {_s}.instances WHERE instance_id = $1 FOR UPDATE", message.InstanceId);
                if (existing is not null && dedupeStatuses.Contains((OrchestrationStatus)(int)existing))
                {
                    return (OrchestrationStatus?)(OrchestrationStatus)(int)existing;
                }
            }
            Enqueue(s, message, startAlways: true);
            return null;
        }).ConfigureAwait(false);
        if (blocked is { } status)
        {
            throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{message.InstanceId}' already exists and is {status}");
        }
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        var prepared = messages.Select(m => PreparedTurn.PrepareMessage(m, visibleAt: 0)).ToList();
        await EnsureStartedAsync().ConfigureAwait(false);
        await Writer.RunAsync(s =>
        {
            foreach (var message in prepared)
            {
                Enqueue(s, message);
            }
        }).ConfigureAwait(false);
    }

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => SendTaskOrchestrationMessageAsync(new TaskMessage
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        Event = new ExecutionTerminatedEvent(-1, reason),
    });

    /// <summary>
    /// Waits until the instance finishes (woken by commits of this process and, through NOTIFY, of
    /// others; polling otherwise); null when the timeout passes first. Follows continue-as-new.
    /// </summary>
    public async Task<OrchestrationState?> WaitForOrchestrationAsync(string instanceId, string? executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var changed = _instanceChanged.Next;
            var state = await GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
            if (state is not null && IsTerminal(state.OrchestrationStatus))
            {
                return state;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }
            cancellationToken.ThrowIfCancellationRequested();
            await AsyncPulse.WaitAsync(changed, Min(remaining, _options.MaxPollInterval, TimeSpan.MaxValue), cancellationToken).ConfigureAwait(false);
        }
    }
}
