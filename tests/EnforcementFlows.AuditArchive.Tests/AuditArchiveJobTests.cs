using System.Text;
using Azure.Core.Pipeline;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>The hosted job: seals on its interval, keeps going after failures, logs conflicts as errors, and never logs the key.</summary>
public sealed class AuditArchiveJobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private AuditDatabase _db = null!;

    public async Task InitializeAsync() => _db = await AuditDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static async Task<CapturingLogger<AuditArchiveJob>> RunJobAsync(Blob.ArchiveContainer blobs, AuditDatabase db, Func<CapturingLogger<AuditArchiveJob>, bool> until,
        Func<CancellationToken, Task<bool>>? ourTurn = null)
    {
        var logger = new CapturingLogger<AuditArchiveJob>();
        var sealer = new AuditArchiveSealer(blobs, db.Ledger, new SealerSettings(5, TimeSpan.FromDays(1)), TimeProvider.System, logger);
        using var job = new AuditArchiveJob(blobs, sealer, TimeSpan.FromMilliseconds(100), TimeProvider.System, logger, ourTurn);
        await job.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!until(logger) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await job.StopAsync(CancellationToken.None);
        return logger;
    }

    [Fact]
    public async Task Keeps_sealing_on_its_interval_and_survives_an_unreachable_service()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        // The first 7 requests fail with 503 (beyond the 2 retries): the first runs fail and are logged, later ones succeed.
        var options = AzuriteFixture.FastRetries();
        options.Retry.MaxRetries = 2;
        var faults = new ServiceUnavailableHandler(failures: 7);
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var blobs = azurite.Client("job" + Guid.NewGuid().ToString("N")[..12], options);
        var appended = false;

        var logger = await RunJobAsync(blobs, _db, l =>
        {
            var sealedCount = l.Lines.Count(x => x.EventId == 3001);
            if (sealedCount == 1 && !appended)
            {
                appended = true;
                _db.AppendAsync(5, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
            }
            return sealedCount >= 2;
        });

        Assert.Contains(logger.Lines, l => l.EventId == 3004 && l.Level == LogLevel.Warning && l.Text.Contains("status 503", StringComparison.Ordinal));
        Assert.Equal(2, logger.Lines.Count(l => l.EventId == 3001));
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains(AzuriteServer.AccountKey, StringComparison.Ordinal) || l.Text.Contains("SharedKey ", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.EventId == 3000 && l.Text.Contains("devstoreaccount1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_SAS_it_seals_says_what_immutability_it_has_and_never_logs_the_signature()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        var setup = await azurite.NewContainerAsync();
        var sas = azurite.Sdk(setup).GenerateSasUri(Azure.Storage.Sas.BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)).Query.TrimStart('?');
        var connection = $"BlobEndpoint={azurite.Server.ServiceUri};SharedAccessSignature={sas}";
        var blobs = Blob.ArchiveContainer.FromConnectionString(connection, setup.Container, AzuriteFixture.FastRetries());

        var logger = await RunJobAsync(blobs, _db, l => l.Lines.Any(x => x.EventId == 3001));

        Assert.Single(logger.Lines, l => l.EventId == 3001);
        var signature = System.Web.HttpUtility.ParseQueryString(sas)["sig"]!;
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains(signature, StringComparison.Ordinal) || l.Text.Contains(Uri.EscapeDataString(signature), StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.EventId == 3000 && l.Text.Contains("shared access signature", StringComparison.Ordinal));
        // A container SAS may not read the container's properties: the job says immutability is unknown rather than guessing.
        Assert.Contains(logger.Lines, l => l.EventId == 3007 && l.Level == LogLevel.Warning && l.Text.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_Azurite_the_job_says_that_no_per_blob_immutability_is_set()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        var blobs = await azurite.NewContainerAsync();

        var logger = await RunJobAsync(blobs, _db, l => l.Lines.Any(x => x.EventId == 3001));

        var warning = Assert.Single(logger.Lines, l => l.EventId == 3007);
        Assert.Contains("version-level support False", warning.Text, StringComparison.Ordinal);
        Assert.Contains("create-only writes only", warning.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, l => l.EventId == 3006);
    }

    [Fact]
    public async Task A_wrong_key_is_logged_as_a_clear_error_at_every_run_without_the_key()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var blobs = Blob.ArchiveContainer.FromConnectionString(azurite.Server.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey, StringComparison.Ordinal),
            "wrong" + Guid.NewGuid().ToString("N")[..12], AzuriteFixture.FastRetries());

        var logger = await RunJobAsync(blobs, _db, l => l.Lines.Count(x => x.EventId == 3005) >= 2);

        Assert.True(logger.Lines.Count(l => l.EventId == 3005 && l.Level == LogLevel.Error && l.Text.Contains("AuditArchive:ConnectionString", StringComparison.Ordinal)) >= 2);
        Assert.DoesNotContain(logger.Lines, l => l.Text.Contains(wrongKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_conflict_is_logged_as_an_error_at_every_run_and_nothing_is_overwritten()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        var blobs = await azurite.NewContainerAsync();
        var foreign = Encoding.UTF8.GetBytes("foreign\n");
        await blobs.CreateAsync("segments/0000000000.jsonl", foreign, "text/plain", CancellationToken.None);

        var logger = await RunJobAsync(blobs, _db, l => l.Lines.Count(x => x.EventId == 3003) >= 2);

        Assert.True(logger.Lines.Count(l => l.EventId == 3003 && l.Level == LogLevel.Error) >= 2);
        Assert.Equal(foreign, await blobs.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task Jobs_in_several_processes_take_turns_so_only_the_lease_holder_seals()
    {
        await _db.AppendAsync(5, DateTimeOffset.UtcNow);
        var blobs = azurite.Client("turn" + Guid.NewGuid().ToString("N")[..12], AzuriteFixture.FastRetries());
        var holder = new Enforcement.Storage.JobLeases(_db.Store, TimeProvider.System);
        var other = new Enforcement.Storage.JobLeases(_db.Store, TimeProvider.System);
        Assert.True(await holder.TryTakeAsync("audit-archive", TimeSpan.FromMinutes(5), CancellationToken.None));

        // Fifteen intervals of the other process's job: never its turn, so nothing is sealed.
        var stopAt = DateTime.UtcNow.AddSeconds(1.5);
        var waiting = await RunJobAsync(blobs, _db, _ => DateTime.UtcNow > stopAt, ct => other.TryTakeAsync("audit-archive", TimeSpan.FromMinutes(5), ct));
        Assert.DoesNotContain(waiting.Lines, l => l.EventId == 3001);

        var sealing = await RunJobAsync(blobs, _db, l => l.Lines.Any(x => x.EventId == 3001), ct => holder.TryTakeAsync("audit-archive", TimeSpan.FromMinutes(5), ct));
        Assert.Single(sealing.Lines, l => l.EventId == 3001);
    }
}
