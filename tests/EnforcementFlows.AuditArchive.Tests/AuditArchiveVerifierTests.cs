using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>`audit verify --archive`'s checks: the database against the archive after sealing.</summary>
public sealed class AuditArchiveVerifierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private AuditDatabase _db = null!;

    public async Task InitializeAsync() => _db = await AuditDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>25 records: segments 0-9 and 10-19 sealed, 20-24 not yet.</summary>
    private async Task<Blob.ArchiveContainer> SealedAsync()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(25, Start);
        var sealer = new AuditArchiveSealer(blobs, _db.Ledger, new SealerSettings(10, TimeSpan.FromDays(1)), new FakeTime(Start));
        Assert.Equal(20, (await sealer.SealAsync(CancellationToken.None)).ArchivedRecords);
        return blobs;
    }

    private Task<ArchiveVerification> Verify(Blob.ArchiveContainer blobs) => new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None);

    [Fact]
    public async Task Reports_ok_with_counts_when_database_and_archive_agree()
    {
        var report = await Verify(await SealedAsync());
        Assert.True(report.Ok);
        Assert.Equal((2, 20L, 5L, 0L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords, report.DiscrepancyCount));
    }

    [Fact]
    public async Task A_record_altered_in_the_database_after_sealing_is_reported()
    {
        var blobs = await SealedAsync();
        _db.Sql("UPDATE ef_audit SET data = '{\"n\":13,\"rule\":\"lenient\"}' WHERE idx = 13");

        var report = await Verify(blobs);

        Assert.False(report.Ok);
        var only = Assert.Single(report.Discrepancies);
        Assert.Equal(DiscrepancyKind.RecordAltered, only.Kind);
        Assert.Contains("record 13 ", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_altered_with_its_hash_and_every_later_hash_recomputed_is_still_reported()
    {
        // The attacker rewrites the chain consistently from record 5 on: the database alone verifies, the archive does not.
        var blobs = await SealedAsync();
        var records = (await _db.Ledger.ReadRangeAsync(0, 100)).ToList();
        var previous = records[4].Hash;
        for (var i = 5; i < records.Count; i++)
        {
            var changed = records[i] with { PreviousHash = previous, Actor = i == 5 ? "someone-else" : records[i].Actor };
            changed = changed with { Hash = Enforcement.Audit.AuditChain.ComputeHash(changed) };
            _db.Sql($"UPDATE ef_audit SET actor = '{changed.Actor}', prev_hash = '{changed.PreviousHash}', hash = '{changed.Hash}' WHERE idx = {i}");
            previous = changed.Hash;
        }
        Assert.True(Enforcement.Audit.AuditVerifier.Verify(await _db.Ledger.ReadRangeAsync(0, 100)).Ok);

        var report = await Verify(blobs);

        Assert.Equal(15, report.Discrepancies.Count(d => d.Kind == DiscrepancyKind.RecordAltered)); // 5-19, every sealed one after the change
        Assert.Contains(report.Discrepancies, d => d.Kind == DiscrepancyKind.DatabaseChainBroken); // 20 no longer continues the archived 19
    }

    [Fact]
    public async Task A_record_deleted_from_the_database_after_sealing_is_reported()
    {
        var blobs = await SealedAsync();
        _db.Sql("DELETE FROM ef_audit WHERE idx = 3");

        var report = await Verify(blobs);

        var only = Assert.Single(report.Discrepancies);
        Assert.Equal(DiscrepancyKind.RecordDeleted, only.Kind);
        Assert.Contains("record 3 ", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_tail_is_reported_record_by_record()
    {
        var blobs = await SealedAsync();
        _db.Sql("DELETE FROM ef_audit WHERE idx >= 18");

        var report = await Verify(blobs);

        Assert.Equal(["record 18 ", "record 19 "], report.Discrepancies.Select(d => d.Message[..10]));
        Assert.All(report.Discrepancies, d => Assert.Equal(DiscrepancyKind.RecordDeleted, d.Kind));
        Assert.Equal(0, report.UnarchivedRecords);
    }

    [Fact]
    public async Task A_segment_replaced_in_storage_is_reported()
    {
        // Possible only where no immutability policy applies (Azurite here): an SDK overwrite with one byte changed.
        var blobs = await SealedAsync();
        var original = (await blobs.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None))!;
        var forged = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(original).Replace("policy-engine", "policy-enginE"));
        await azurite.Sdk(blobs).GetBlobClient("segments/0000000000.jsonl").UploadAsync(BinaryData.FromBytes(forged), overwrite: true);

        var report = await Verify(blobs);

        var only = Assert.Single(report.Discrepancies);
        Assert.Equal(DiscrepancyKind.SegmentAltered, only.Kind);
        Assert.Contains("segments/0000000000.jsonl", only.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_segment_and_a_missing_manifest_entry_are_reported()
    {
        var blobs = await SealedAsync();
        await azurite.DeleteBlobAsync(blobs, "segments/0000000001.jsonl");
        var segmentGone = await Verify(blobs);
        var missing = Assert.Single(segmentGone.Discrepancies);
        Assert.Equal(DiscrepancyKind.SegmentMissing, missing.Kind);
        Assert.Contains("segments/0000000001.jsonl", missing.Message, StringComparison.Ordinal);

        await azurite.DeleteBlobAsync(blobs, "manifest/0000000000.json");
        var entryGone = await Verify(blobs);
        Assert.Contains(entryGone.Discrepancies, d => d.Kind == DiscrepancyKind.ManifestChainBroken);
    }
}
