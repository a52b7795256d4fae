using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>
/// A backend as a worker process that dies sees it: everything passes through until <see cref="Die"/>;
/// after that nothing reaches the store any more (no claims, renewals, completions, abandons or
/// releases), exactly as if the process had been killed with its locks held. An activity result the
/// dead worker produces afterwards is captured instead of written, so a test can deliver it late.
/// </summary>
public sealed class DyingService(IOrchestrationService inner) : IOrchestrationService, IOrchestrationServiceClient, IDisposable
{
    private volatile bool _dead;

    public IOrchestrationService Inner { get; } = inner;

    public TaskCompletionSource<(TaskActivityWorkItem WorkItem, TaskMessage Response)> LateActivityCompletion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IOrchestrationServiceClient InnerClient => (IOrchestrationServiceClient)Inner;

    public void Die() => _dead = true;

    private Exception Dead() => new InvalidOperationException("this worker is dead");

    public int TaskOrchestrationDispatcherCount => Inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => Inner.MaxConcurrentTaskOrchestrationWorkItems;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => Inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => Inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => Inner.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync() => Inner.StartAsync();
    public Task StopAsync() => StopAsync(false);
    public Task StopAsync(bool isForced) => _dead ? Task.CompletedTask : Inner.StopAsync(isForced);
    public Task CreateAsync() => Inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => Inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => Inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => Inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => Inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => Inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 1;
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 1;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (_dead)
        {
            await Task.Delay(200, CancellationToken.None);
            return null!;
        }
        return await Inner.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _dead ? Task.FromException(Dead()) : Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        _dead ? Task.FromException(Dead()) : Inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _dead ? Task.CompletedTask : Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _dead ? Task.CompletedTask : Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (_dead)
        {
            await Task.Delay(200, CancellationToken.None);
            return null!;
        }
        return await Inner.LockNextTaskActivityWorkItem(TimeSpan.FromMilliseconds(200), cancellationToken);
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _dead ? Task.FromException<TaskActivityWorkItem>(Dead()) : Inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        if (_dead)
        {
            LateActivityCompletion.TrySetResult((workItem, responseMessage));
            return Task.FromException(Dead());
        }
        return Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => _dead ? Task.CompletedTask : Inner.AbandonTaskActivityWorkItemAsync(workItem);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => InnerClient.CreateTaskOrchestrationAsync(creationMessage);
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => InnerClient.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => InnerClient.SendTaskOrchestrationMessageAsync(message);
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => InnerClient.SendTaskOrchestrationMessageBatchAsync(messages);
    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) => InnerClient.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => InnerClient.ForceTerminateTaskOrchestrationAsync(instanceId, reason);
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => InnerClient.GetOrchestrationStateAsync(instanceId, allExecutions);
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => InnerClient.GetOrchestrationStateAsync(instanceId, executionId);
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => InnerClient.GetOrchestrationHistoryAsync(instanceId, executionId);
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) => InnerClient.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public void Dispose() => (Inner as IDisposable)?.Dispose();
}
