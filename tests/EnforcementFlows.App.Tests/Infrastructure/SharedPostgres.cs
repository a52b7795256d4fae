using EnforcementFlows.Storage.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL server for this test assembly (started on first use from the installed
/// binaries, or EF_TEST_POSTGRES), stopped when the test process exits; one database per fixture.
/// Fails, never skips, when PostgreSQL is missing.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<PostgresServer> Server = new(Start);

    /// <summary>A database of its own for each call (the key is only a label).</summary>
    public static string NewDatabase(string label) => Server.Value.DatabaseForAsync(label + "/" + Guid.NewGuid().ToString("N")).GetAwaiter().GetResult();

    private static PostgresServer Start()
    {
        var server = new PostgresServer();
        server.InitializeAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().GetAwaiter().GetResult();
        return server;
    }
}
