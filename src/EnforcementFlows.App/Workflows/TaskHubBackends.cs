using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace EnforcementFlows.App.Workflows;

/// <summary>Builds the configured DTFx backend. Connection strings go to the provider only, never to a log line.</summary>
internal static class TaskHubBackends
{
    public static IOrchestrationService Create(TaskHubOptions options, ILoggerFactory loggerFactory)
    {
        if (!options.IsAzureStorage)
        {
            throw new NotSupportedException($"Task hub provider '{options.Provider}' is not available.");
        }
        var accounts = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new StorageAccountClientProvider(options.AccountName!, new DefaultAzureCredential())
            : new StorageAccountClientProvider(options.ConnectionString);
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.HubName,
            StorageAccountClientProvider = accounts,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            LoggerFactory = loggerFactory,
        });
    }
}
