using System.Text.Json.Nodes;
using EnforcementFlows.Storage.Sqlite;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Data.Sqlite;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>A real SQLite database of the app's store, with the enforcement tables, in its own temp directory; read through <see cref="AuditLedger"/>.</summary>
public sealed class AuditDatabase : IAsyncDisposable
{
    private readonly string _directory;
    private readonly SqliteDomainDatabase _store;

    private AuditDatabase(string directory, SqliteDomainDatabase store)
    {
        _directory = directory;
        _store = store;
        Ledger = new AuditLedger(store);
    }

    public AuditLedger Ledger { get; }

    /// <summary>The database as the service's store (for job leases).</summary>
    public Storage.IDomainDatabase Store => _store;

    public string DatabasePath => Path.Combine(_directory, "enforcementflows.db");

    public static async Task<AuditDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ef-tests", "archive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var store = new SqliteDomainDatabase(new SqliteDatabaseOptions { DatabasePath = Path.Combine(directory, "enforcementflows.db"), FullDurability = false });
        await EnforcementStorage.EnsureSchemaAsync(store, CancellationToken.None);
        return new AuditDatabase(directory, store);
    }

    /// <summary>Appends <paramref name="count"/> records dated <paramref name="at"/>, one second apart.</summary>
    public async Task AppendAsync(int count, DateTimeOffset at)
    {
        for (var i = 0; i < count; i++)
        {
            var n = (await Ledger.GetHeadAsync()).Count;
            await Ledger.AppendAsync(new AuditEntry(at.AddSeconds(i), AuditKind.Decided, "policy-engine",
                AuditEntries.Data(new JsonObject { ["n"] = n, ["rule"] = "test", ["note"] = "ü \"quoted\"" }), $"case-{n % 3}", "acct-archive"));
        }
    }

    /// <summary>Tampering as an attacker with database access would: plain SQL, no chain update.</summary>
    public int Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
