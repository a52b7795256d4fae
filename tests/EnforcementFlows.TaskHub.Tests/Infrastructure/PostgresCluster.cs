using EnforcementFlows.Tests.Infrastructure;
namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for a test class or collection (<see cref="LocalPostgres"/>: initdb, pg_ctl, a free
/// port, deleted afterwards). Missing PostgreSQL binaries fail the tests; they never skip.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly LocalPostgres _server = new();

    public string ConnectionString => _server.ConnectionString;

    /// <summary>A schema name no other test uses (the task hub creates it).</summary>
    public static string NewSchema(string prefix) => LocalPostgres.NewSchema(prefix);

    public Task StopAsync(string mode = "fast") => _server.StopAsync(mode);

    public Task StartAgainAsync() => _server.StartAgainAsync();

    public Task InitializeAsync() => _server.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();
}

/// <summary>The PostgreSQL task hub test classes share one cluster (each test with its own schema) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "taskhub-postgres";
}
