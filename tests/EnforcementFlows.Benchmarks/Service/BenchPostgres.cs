using EnforcementFlows.Tests.Infrastructure;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>The PostgreSQL server every Postgres run of one benchmark uses: the one given, or a private one (initdb/pg_ctl, fsync on).</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly LocalPostgres? _cluster;

    private BenchPostgres(string connectionString, LocalPostgres? cluster, string description)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
        Description = description;
    }

    public string ConnectionString { get; }
    public string Description { get; }

    public static async Task<BenchPostgres> StartAsync(string? given)
    {
        if (given is not null)
        {
            return new BenchPostgres(given, null, "the server given with --postgres");
        }
        var cluster = await LocalPostgres.StartNewAsync();
        return new BenchPostgres(cluster.ConnectionString, cluster, "a private server started from the installed binaries (fsync on)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
