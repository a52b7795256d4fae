using DurableTask.AzureStorage;
using EnforcementFlows.Workflows.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>
/// A real Azurite for one test class and a task hub name no other class uses; at the end the hub's queues,
/// tables and containers are deleted, then Azurite is stopped. Azurite that cannot start fails the class.
/// </summary>
public sealed class AzuriteTaskHub : IAsyncLifetime
{
    private AzuriteStorage? _azurite;

    /// <summary>Letters and digits only, starting with a letter: Azure Storage's rule for hub names.</summary>
    public string HubName { get; } = "suite" + Guid.NewGuid().ToString("N")[..10];

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite was not started");

    public AzureStorageOrchestrationServiceSettings Settings() => new()
    {
        TaskHubName = HubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString),
        // One control queue: one partition lease to move on each simulated restart, not four.
        PartitionCount = 1,
        // The default backs idle queue polling off to 30 s; a test waiting on a wake-up would mostly wait on that.
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        // Otherwise a start whose id exists in a dedupe status returns quietly instead of failing as on our backends.
        ThrowExceptionOnInvalidDedupeStatus = true,
    };

    public async Task InitializeAsync() => _azurite = await AzuriteStorage.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is null)
        {
            return;
        }
        try
        {
            await new AzureStorageOrchestrationService(Settings()).DeleteAsync();
        }
        finally
        {
            await _azurite.DisposeAsync();
        }
    }
}
