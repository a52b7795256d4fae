using DurableTask.AzureStorage;
using DurableTask.Core;
using EnforcementFlows.Workflows.Tests.Infrastructure;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.Benchmarks.Sdk;

/// <summary>A task hub backend the sdk suite measures: a fresh hub per measurement.</summary>
internal sealed class SdkBackend : IAsyncDisposable
{
    private readonly AzuriteStorage? azurite;
    private readonly int partitions;

    private SdkBackend(string name, AzuriteStorage? azurite, int partitions) => (Name, this.azurite, this.partitions) = (name, azurite, partitions);

    public string Name { get; }

    public string? ConnectionString => azurite?.ConnectionString;

    public static async Task<SdkBackend> StartAsync(string name, int partitions) => name switch
    {
        "inmemory" or "sqlite" => new SdkBackend(name, null, partitions),
        "azurite" => new SdkBackend(name, await AzuriteStorage.StartAsync(), partitions),
        _ => throw new ArgumentException($"unknown backend '{name}' (inmemory, sqlite, azurite)"),
    };

    /// <summary>The embedded provider is configured by the service itself (its data directory); only the no-op runs build one here.</summary>
    public bool IsSqlite => Name == "sqlite";

    public IOrchestrationService NewService(string hub, int concurrency) => IsSqlite
        ? new EnforcementFlows.TaskHub.Sqlite.SqliteOrchestrationService(new EnforcementFlows.TaskHub.SqliteTaskHubOptions
        {
            DatabasePath = Path.Combine(Path.GetTempPath(), "ef-bench", hub + ".db"),
            MaxConcurrentOrchestrations = concurrency,
            MaxConcurrentActivities = concurrency,
        })
        : azurite is null
        ? new InMemoryOrchestrationService(NullLoggerFactory.Instance)
        : new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hub,
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
            PartitionCount = partitions,
            MaxConcurrentTaskOrchestrationWorkItems = concurrency,
            MaxConcurrentTaskActivityWorkItems = concurrency,
        });

    public async ValueTask DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
