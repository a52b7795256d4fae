namespace EnforcementFlows.TaskHub.Tests.Sqlite;

public sealed class SqliteTaskHubOptionsTests
{
    [Theory]
    [InlineData(nameof(SqliteTaskHubOptions.DatabasePath))]
    [InlineData(nameof(SqliteTaskHubOptions.LockTimeout))]
    [InlineData(nameof(SqliteTaskHubOptions.MaxPollInterval))]
    [InlineData(nameof(SqliteTaskHubOptions.MaxConcurrentActivities))]
    [InlineData(nameof(SqliteTaskHubOptions.ClaimBatchSize))]
    public void Invalid_setting_is_refused_with_its_key_named(string key)
    {
        var options = new SqliteTaskHubOptions { DatabasePath = "hub.db" };
        switch (key)
        {
            case nameof(SqliteTaskHubOptions.DatabasePath): options.DatabasePath = " "; break;
            case nameof(SqliteTaskHubOptions.LockTimeout): options.LockTimeout = TimeSpan.FromMilliseconds(10); break;
            case nameof(SqliteTaskHubOptions.MaxPollInterval): options.MaxPollInterval = TimeSpan.FromMilliseconds(1); options.MinPollInterval = TimeSpan.FromMilliseconds(5); break;
            case nameof(SqliteTaskHubOptions.MaxConcurrentActivities): options.MaxConcurrentActivities = 0; break;
            case nameof(SqliteTaskHubOptions.ClaimBatchSize): options.ClaimBatchSize = 5000; break;
        }

        var error = Assert.Throws<ArgumentException>(() => new EnforcementFlows.TaskHub.Sqlite.SqliteOrchestrationService(options));

        Assert.Contains($"{SqliteTaskHubOptions.SectionName}:{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        new SqliteTaskHubOptions { DatabasePath = "hub.db" }.Validate();
    }

    [Fact]
    public async Task Messages_to_entities_are_refused_as_not_supported_and_nothing_is_stored()
    {
        using var directory = new Infrastructure.TempDirectory();
        using var service = new EnforcementFlows.TaskHub.Sqlite.SqliteOrchestrationService(new SqliteTaskHubOptions { DatabasePath = Path.Combine(directory.Path, "entities.db") });
        await service.CreateIfNotExistsAsync();
        var entity = new DurableTask.Core.OrchestrationInstance { InstanceId = "@counter@one" };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => service.SendTaskOrchestrationMessageAsync(new DurableTask.Core.TaskMessage
        {
            OrchestrationInstance = entity,
            Event = new DurableTask.Core.History.EventRaisedEvent(-1, "1") { Name = "op" },
        }));

        Assert.Contains("entities are not supported", error.Message, StringComparison.Ordinal);
        Assert.Null(await service.GetOrchestrationStateAsync(entity.InstanceId, executionId: null));
        TaskHubEntities.ThrowIfEntity("case:acct-1");
    }
}
