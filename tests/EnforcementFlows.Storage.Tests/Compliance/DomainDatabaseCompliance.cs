namespace EnforcementFlows.Storage.Tests.Compliance;

/// <summary>
/// The contract every domain database meets. Each adapter's test class inherits this and supplies a
/// database of its own, empty.
/// </summary>
public abstract partial class DomainDatabaseCompliance : IAsyncLifetime
{
    protected IDomainDatabase Database { get; private set; } = null!;

    protected abstract Task<IDomainDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await Database.InitializeAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync() => await Database.DisposeAsync();
}
