using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage.Postgres;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Tests.Postgres;

/// <summary>
/// What several service processes on one PostgreSQL database rely on: the enforcement schema is
/// migrated once however many start together, and concurrent audit appends stay one chain.
/// Each store here is what one process would hold (its own writer connections).
/// </summary>
public sealed class PostgresEnforcementStorageTests : IAsyncLifetime
{
    private readonly List<PostgresDomainDatabase> _stores = [];

    public async Task InitializeAsync()
    {
        var options = new PostgresDatabaseOptions { ConnectionString = SharedPostgres.NewDatabase(nameof(PostgresEnforcementStorageTests)), Schema = "enforcementflows" };
        _stores.AddRange(Enumerable.Range(0, 3).Select(_ => new PostgresDomainDatabase(options)));
        await Task.WhenAll(_stores.Select(s => s.InitializeAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Processes_starting_together_apply_each_enforcement_migration_once()
    {
        await Task.WhenAll(_stores.Select(s => EnforcementStorage.EnsureSchemaAsync(s, CancellationToken.None)));
        await Task.WhenAll(_stores.Select(s => EnforcementStorage.EnsureSchemaAsync(s, CancellationToken.None)));

        var versions = await _stores[0].RunInTransactionAsync(tx => tx.Query("SELECT version FROM ef_schema ORDER BY version", r => r.GetInt32(0)), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, EnforcementStorage.SchemaVersion), versions);
    }

    [Fact]
    public async Task Concurrent_appends_from_several_processes_form_one_verifiable_chain()
    {
        await Task.WhenAll(_stores.Select(s => EnforcementStorage.EnsureSchemaAsync(s, CancellationToken.None)));
        var ledgers = _stores.Select(s => new AuditLedger(s)).ToList();
        using var data = JsonDocument.Parse("""{"note":"concurrent"}""");

        // 3 processes x 2 writer connections each, 300 appends in flight at once.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => ledgers[i % ledgers.Count].AppendAsync(
            new AuditEntry(DateTimeOffset.UtcNow, AuditKind.SignalReceived, $"process-{i % ledgers.Count}", data.RootElement.Clone(), $"case-{i}", "acct-chain"))));

        var records = await ledgers[0].ReadRangeAsync(0, 1000);
        Assert.Equal(300, records.Count);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), records.Select(r => r.Index));
        var verification = AuditVerifier.Verify(records);
        Assert.True(verification.Ok, verification.Reason);
    }

    [Fact]
    public async Task An_operation_that_fails_after_appending_leaves_no_record_and_its_neighbours_chain()
    {
        await Task.WhenAll(_stores.Select(s => EnforcementStorage.EnsureSchemaAsync(s, CancellationToken.None)));
        using var data = JsonDocument.Parse("""{"note":"rollback"}""");
        AuditEntry Entry(int i) => new(DateTimeOffset.UtcNow, AuditKind.NoteAdded, "test", data.RootElement.Clone(), $"case-{i}", "acct-rollback");

        // 3 processes; every fourth operation fails after its first append.
        var operations = Enumerable.Range(0, 60).Select(i => _stores[i % _stores.Count].RunInTransactionAsync(tx =>
        {
            var pending = AuditLedger.Append(tx, Entry(i));
            if (i % 4 == 0)
            {
                throw new InvalidOperationException("fails after appending");
            }
            AuditLedger.Append(tx, Entry(i));
            return pending;
        }, CancellationToken.None)).ToList();
        var kept = new List<AuditRecord>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (i % 4 == 0)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => operations[i]);
            }
            else
            {
                kept.Add((await operations[i]).Record);
            }
        }

        var records = await new AuditLedger(_stores[0]).ReadRangeAsync(0, 1000);
        Assert.Equal(45 * 2, records.Count);
        Assert.DoesNotContain(records, r => int.Parse(r.CaseId!["case-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 4 == 0);
        var verification = AuditVerifier.Verify(records);
        Assert.True(verification.Ok, verification.Reason);
        // What each caller was handed after commit is the stored record.
        Assert.All(kept, k => Assert.Equal(records.Single(r => r.Index == k.Index).Hash, k.Hash));
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }
}
