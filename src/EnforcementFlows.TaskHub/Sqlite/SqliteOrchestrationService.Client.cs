using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace EnforcementFlows.TaskHub.Sqlite;

/// <summary>The client side: starting instances (with dedupe), sending messages, terminating, waiting.</summary>
public sealed partial class SqliteOrchestrationService
{
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses: null);

    /// <summary>
    /// Starts an instance. When an instance with the id exists and its status is one of
    /// <paramref name="dedupeStatuses"/>, nothing is written and <see cref="OrchestrationAlreadyExistsException"/>
    /// is thrown; the check and the write are one transaction, so one id is started only once.
    /// </summary>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent start)
        {
            throw new ArgumentException($"A creation message carries an ExecutionStartedEvent, not {creationMessage.Event?.EventType}", nameof(creationMessage));
        }
        var message = PreparedTurn.PrepareMessage(creationMessage, visibleAt: 0);
        var blocked = await Writer.RunAsync(context =>
        {
            var existing = context.Scalar("SELECT status FROM instances WHERE instance_id = $id", ("$id", message.InstanceId));
            if (existing is not null && dedupeStatuses is not null && dedupeStatuses.Contains((OrchestrationStatus)(long)existing))
            {
                return (OrchestrationStatus?)(OrchestrationStatus)(long)existing;
            }
            WritePendingInstance(context, message.InstanceId, start, onlyIfAbsentOrFinished: false);
            Enqueue(context, message with { Start = null });
            return null;
        }).ConfigureAwait(false);
        if (blocked is { } status)
        {
            throw new OrchestrationAlreadyExistsException($"An orchestration with instance id '{message.InstanceId}' already exists and is {status}");
        }
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => SendTaskOrchestrationMessageBatchAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        var prepared = messages.Select(m => PreparedTurn.PrepareMessage(m, visibleAt: 0)).ToList();
        return Writer.RunAsync(context =>
        {
            foreach (var message in prepared)
            {
                Enqueue(context, message);
            }
        });
    }

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        var message = new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        };
        return SendTaskOrchestrationMessageAsync(message);
    }

    /// <summary>
    /// Waits until the instance finishes (woken by this process's commits, polling otherwise); null when
    /// the timeout passes first. The wait follows the instance through continue-as-new, so a caller
    /// holding the first execution's id sees the last execution's end.
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
