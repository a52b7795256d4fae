using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>`audit seal` and `audit verify --archive` as real processes of the service executable, configured like a deployment.</summary>
public sealed class AuditCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private AuditDatabase _db = null!;

    public async Task InitializeAsync() => _db = await AuditDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Dictionary<string, string> Settings(string container) => new()
    {
        ["EnforcementFlows__AuditArchive__ConnectionString"] = azurite.Server.ConnectionString,
        ["EnforcementFlows__AuditArchive__Container"] = container,
        ["EnforcementFlows__AuditArchive__SegmentMaxRecords"] = "8",
    };

    [Fact]
    public async Task Seal_then_verify_archive_reports_ok_then_each_discrepancy_with_exit_code_1()
    {
        var container = "cli" + Guid.NewGuid().ToString("N")[..12];
        await _db.AppendAsync(20, DateTimeOffset.UtcNow);
        var directory = Path.GetDirectoryName(_db.DatabasePath)!;

        var seal = await AppCli.RunAsync(Settings(container), "audit", "seal", "--data-directory", directory);
        Assert.True(seal.Code == 0, seal.Output + seal.Error);
        Assert.Contains("2 segments sealed", seal.Output, StringComparison.Ordinal);
        Assert.Contains("no per-blob immutability policy", seal.Output, StringComparison.Ordinal); // Azurite: said, not faked

        var ok = await AppCli.RunAsync(Settings(container), "audit", "verify", "--archive", "--data-directory", directory);
        Assert.True(ok.Code == 0, ok.Output + ok.Error);
        Assert.Contains("OK: 20 records verified", ok.Output, StringComparison.Ordinal);
        Assert.Contains("2 segments, 16 sealed records match the database; 4 records not yet archived", ok.Output, StringComparison.Ordinal);

        _db.Sql("UPDATE ef_audit SET actor = 'someone-else' WHERE idx = 2");
        _db.Sql("DELETE FROM ef_audit WHERE idx = 9");
        var bad = await AppCli.RunAsync(Settings(container), "audit", "verify", "--archive", "--data-directory", directory);
        Assert.Equal(1, bad.Code);
        Assert.Contains("DISCREPANCY RecordAltered: record 2 ", bad.Output, StringComparison.Ordinal);
        Assert.Contains("DISCREPANCY RecordDeleted: record 9 ", bad.Output, StringComparison.Ordinal);
        Assert.Contains("FAILED: archive " + container + ": 2 discrepancies", bad.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, bad.Output + bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_stops_the_commands_with_a_clear_error_and_no_key()
    {
        await _db.AppendAsync(10, DateTimeOffset.UtcNow.AddDays(-1));
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var settings = Settings("cli" + Guid.NewGuid().ToString("N")[..12]);
        settings["EnforcementFlows__AuditArchive__ConnectionString"] = azurite.Server.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey, StringComparison.Ordinal);
        var directory = Path.GetDirectoryName(_db.DatabasePath)!;

        foreach (var command in new[] { new[] { "audit", "seal" }, ["audit", "verify", "--archive"] })
        {
            var result = await AppCli.RunAsync(settings, [.. command, "--data-directory", directory]);
            Assert.True(result.Code == 2, result.Output + result.Error);
            Assert.Contains("error: audit archive:", result.Error, StringComparison.Ordinal);
            Assert.Contains("AuditArchive:ConnectionString", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongKey, result.Output + result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal); // one line, no stack trace
        }
    }

    [Fact]
    public async Task The_running_service_seals_in_the_background()
    {
        var container = "svc" + Guid.NewGuid().ToString("N")[..12];
        await _db.AppendAsync(12, DateTimeOffset.UtcNow);
        var settings = Settings(container);
        settings["EnforcementFlows__DataDirectory"] = Path.GetDirectoryName(_db.DatabasePath)!;
        settings["EnforcementFlows__AuditArchive__SegmentMaxRecords"] = "5";
        settings["EnforcementFlows__AuditArchive__Interval"] = "00:00:01";
        using var service = AppCli.StartService(settings);
        try
        {
            var blobs = azurite.Client(container);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await ListOrEmpty(blobs)).Count < 2 && DateTime.UtcNow < deadline && !service.HasExited)
            {
                await Task.Delay(200);
            }
            Assert.False(service.HasExited, "the service exited");
            Assert.Equal(["manifest/0000000000.json", "manifest/0000000001.json"], await ListOrEmpty(blobs));
            Assert.True((await new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None)).Ok);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static async Task<IReadOnlyList<string>> ListOrEmpty(Blob.ArchiveContainer blobs)
    {
        try
        {
            return await blobs.ListAsync("manifest/", CancellationToken.None);
        }
        catch (Blob.ArchiveStorageException e) when (e.Problem == Blob.ArchiveStorageProblem.ContainerMissing)
        {
            return []; // the job has not created the container yet
        }
    }

    [Fact]
    public async Task Verify_archive_without_archive_settings_says_what_to_configure()
    {
        await _db.AppendAsync(1, DateTimeOffset.UtcNow);
        var result = await AppCli.RunAsync(new Dictionary<string, string>(), "audit", "verify", "--archive", "--data-directory", Path.GetDirectoryName(_db.DatabasePath)!);
        Assert.Equal(2, result.Code);
        Assert.Contains("EnforcementFlows:AuditArchive:ConnectionString", result.Error, StringComparison.Ordinal);
    }
}
