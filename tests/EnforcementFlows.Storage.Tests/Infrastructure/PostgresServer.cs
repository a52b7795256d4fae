using EnforcementFlows.Tests.Infrastructure;
using System.Collections.Concurrent;
using Npgsql;

namespace EnforcementFlows.Storage.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run, started from the installed binaries (initdb,
/// pg_ctl) in a temporary directory on a free port, with fsync on as in production, and removed
/// afterwards. EF_TEST_POSTGRES (a connection string with the right to create databases) points
/// the tests at an existing server instead. Each test class gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string OverrideVariable = "EF_TEST_POSTGRES";

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _databases = new();
    private LocalPostgres? _cluster;

    /// <summary>Connection string of the server's maintenance database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } external)
        {
            AdminConnectionString = external;
            return;
        }
        _cluster = await LocalPostgres.StartNewAsync();
        AdminConnectionString = _cluster.ConnectionString;
    }

    /// <summary>A fresh database for <paramref name="testClass"/>, created on first use.</summary>
    public Task<string> DatabaseForAsync(Type testClass) => DatabaseForAsync(testClass.FullName!);

    /// <summary>A fresh database for <paramref name="key"/>, created on first use.</summary>
    public Task<string> DatabaseForAsync(string key)
        => _databases.GetOrAdd(key, _ => new Lazy<Task<string>>(CreateDatabaseAsync)).Value;

    private async Task<string> CreateDatabaseAsync()
    {
        var name = $"ef_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }
        // An external server keeps running: drop what this run created.
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        foreach (var database in _databases.Values.Where(d => d.Value.IsCompletedSuccessfully))
        {
            var name = new NpgsqlConnectionStringBuilder(database.Value.Result).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
