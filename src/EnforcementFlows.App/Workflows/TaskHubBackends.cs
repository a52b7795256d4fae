using Azure.Identity;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace EnforcementFlows.App.Workflows;

/// <summary>Builds the configured DTFx backend. Connection strings go to the provider only, never to a log line.</summary>
internal static class TaskHubBackends
{
    /// <param name="domainPostgres">The domain database's PostgreSQL connection string when the domain store is PostgreSQL (the Postgres provider's default).</param>
    public static IOrchestrationService Create(TaskHubOptions options, string defaultSqlitePath, ILoggerFactory loggerFactory, string? domainPostgres = null)
    {
        if (options.IsPostgres)
        {
            var postgres = options.Postgres;
            if (string.IsNullOrWhiteSpace(postgres.ConnectionString))
            {
                postgres.ConnectionString = domainPostgres ?? throw new InvalidOperationException(
                    $"{EnforcementFlows.TaskHub.PostgresTaskHubOptions.SectionName}:ConnectionString must be set when the task hub provider is 'Postgres' " +
                    "and the domain store is not PostgreSQL (it defaults to EnforcementFlows:Storage:ConnectionString only when Storage:Provider is 'Postgres').");
            }
            return new EnforcementFlows.TaskHub.Postgres.PostgresOrchestrationService(postgres, loggerFactory);
        }
        if (options.IsSqlite)
        {
            var sqlite = options.Sqlite;
            if (string.IsNullOrWhiteSpace(sqlite.DatabasePath))
            {
                sqlite.DatabasePath = defaultSqlitePath;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sqlite.DatabasePath))!);
            return new EnforcementFlows.TaskHub.Sqlite.SqliteOrchestrationService(sqlite, loggerFactory);
        }
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
