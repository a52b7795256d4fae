using Azure.Storage.Blobs.Models;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>
/// Segments sealed by the hand-written Blob client before the move to Azure.Storage.Blobs (Fixtures/old-client-archive,
/// committed before the change) still verify, and the current sealer continues the archive after them.
/// </summary>
public sealed class OldClientArchiveTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "old-client-archive");
    private AuditDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await AuditDatabase.CreateAsync();
        await _db.AppendAsync(25, Start); // the same deterministic trail the fixture was sealed from
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>Uploads the fixture's blobs, byte for byte, into a new container through the SDK.</summary>
    private async Task<Blob.ArchiveContainer> RestoredAsync()
    {
        var blobs = await azurite.NewContainerAsync();
        var sdk = azurite.Sdk(blobs);
        var files = Directory.GetFiles(Fixture, "*.json*", SearchOption.AllDirectories);
        Assert.Equal(4, files.Length);
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(Fixture, file).Replace(Path.DirectorySeparatorChar, '/');
            var type = name.StartsWith(ArchiveFormat.SegmentPrefix, StringComparison.Ordinal) ? ArchiveFormat.SegmentContentType : ArchiveFormat.ManifestContentType;
            await sdk.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(await File.ReadAllBytesAsync(file)), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type } });
        }
        return blobs;
    }

    [Fact]
    public async Task Segments_sealed_by_the_old_client_verify()
    {
        var blobs = await RestoredAsync();

        var report = await new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None);

        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((2, 20L, 5L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords));
        Assert.Empty(report.Notes);
    }

    [Fact]
    public async Task A_record_altered_after_old_sealing_is_still_caught()
    {
        var blobs = await RestoredAsync();
        _db.Sql("UPDATE ef_audit SET actor = 'someone-else' WHERE idx = 7");

        var report = await new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None);

        var only = Assert.Single(report.Discrepancies);
        Assert.Equal(DiscrepancyKind.RecordAltered, only.Kind);
        Assert.Contains("record 7 ", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_new_sealer_continues_an_archive_the_old_client_began()
    {
        var blobs = await RestoredAsync();
        await _db.AppendAsync(5, Start.AddSeconds(25));
        var sealer = new AuditArchiveSealer(blobs, _db.Ledger, new SealerSettings(10, TimeSpan.FromDays(1)), new FakeTime(Start));

        Assert.Equal(new SealResult(1, 0, 30), await sealer.SealAsync(CancellationToken.None));

        var entry = ArchiveFormat.ParseEntry((await blobs.DownloadAsync("manifest/0000000002.json", CancellationToken.None))!);
        Assert.Equal(ArchiveFormat.Sha256(await File.ReadAllBytesAsync(Path.Combine(Fixture, "manifest", "0000000001.json"))), entry.PreviousEntrySha256);
        var report = await new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None);
        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((3, 30L, 0L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords));
    }
}
