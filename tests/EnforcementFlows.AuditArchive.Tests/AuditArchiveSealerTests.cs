using System.Text;
using Azure.Core;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>Sealing a real SQLite audit trail into Azurite: by count, by time, resume after a crash, and refusing to overwrite.</summary>
public sealed class AuditArchiveSealerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTime _time = new(Start.AddMinutes(1));
    private AuditDatabase _db = null!;

    public async Task InitializeAsync() => _db = await AuditDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private AuditArchiveSealer Sealer(ArchiveContainer blobs, int maxRecords = 10, TimeSpan? maxAge = null)
        => new(blobs, _db.Ledger, new SealerSettings(maxRecords, maxAge ?? TimeSpan.FromHours(1)), _time);

    private Task<ArchiveVerification> Verify(ArchiveContainer blobs) => new AuditArchiveVerifier(blobs, _db.Ledger).VerifyAsync(CancellationToken.None);

    [Fact]
    public async Task Seals_full_segments_by_count_and_leaves_a_young_partial_one_open()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(25, Start);

        var result = await Sealer(blobs).SealAsync(CancellationToken.None);

        Assert.Equal(new SealResult(2, 0, 20), result);
        Assert.Equal(["manifest/0000000000.json", "manifest/0000000001.json"], await blobs.ListAsync("manifest/", CancellationToken.None));
        Assert.Equal(["segments/0000000000.jsonl", "segments/0000000001.jsonl"], await blobs.ListAsync("segments/", CancellationToken.None));
        var second = ArchiveFormat.ParseSegment((await blobs.DownloadAsync("segments/0000000001.jsonl", CancellationToken.None))!);
        Assert.Equal((10L, 19L), (second.FirstIndex, second.LastIndex));
        var records = await _db.Ledger.ReadRangeAsync(9, 11);
        Assert.Equal(records[0].Hash, second.PreviousHash);
        Assert.Equal(records[^1].Hash, second.LastHash);
        var entry = ArchiveFormat.ParseEntry((await blobs.DownloadAsync("manifest/0000000001.json", CancellationToken.None))!);
        Assert.Equal(ArchiveFormat.Sha256((await blobs.DownloadAsync("manifest/0000000000.json", CancellationToken.None))!), entry.PreviousEntrySha256);

        var report = await Verify(blobs);
        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((2, 20L, 5L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords));

        // Nothing new is due: a second run writes nothing.
        Assert.Equal(new SealResult(0, 0, 20), await Sealer(blobs).SealAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Seals_a_partial_segment_once_its_oldest_record_reaches_the_maximum_age()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(4, Start);
        var sealer = Sealer(blobs, maxRecords: 100, maxAge: TimeSpan.FromMinutes(10));

        Assert.Equal(new SealResult(0, 0, 0), await sealer.SealAsync(CancellationToken.None));

        _time.Now = Start.AddMinutes(10);
        Assert.Equal(new SealResult(1, 0, 4), await sealer.SealAsync(CancellationToken.None));

        await _db.AppendAsync(3, Start.AddMinutes(11));
        _time.Now = Start.AddMinutes(15);
        Assert.Equal(new SealResult(0, 0, 4), await sealer.SealAsync(CancellationToken.None));
        _time.Now = Start.AddMinutes(21);
        Assert.Equal(new SealResult(1, 0, 7), await sealer.SealAsync(CancellationToken.None));

        var report = await Verify(blobs);
        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((2, 7L, 0L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords));
    }

    [Fact]
    public async Task A_run_that_crashed_between_segment_and_manifest_is_resumed_by_the_next_run()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(25, Start);

        // The first run dies as it is about to write the second manifest entry (segment 1 is already written).
        var crashing = AzuriteFixture.FastRetries();
        var crash = new CrashPolicy(r => r.Method == RequestMethod.Put && r.Uri.ToUri().AbsolutePath.EndsWith("/manifest/0000000001.json", StringComparison.Ordinal));
        crashing.AddPolicy(crash, HttpPipelinePosition.PerCall);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Sealer(azurite.Client(blobs.Container, crashing)).SealAsync(CancellationToken.None));
        Assert.True(crash.Crashed);
        Assert.Equal(["manifest/0000000000.json"], await blobs.ListAsync("manifest/", CancellationToken.None));
        Assert.Equal(2, (await blobs.ListAsync("segments/", CancellationToken.None)).Count);
        var interim = await Verify(blobs);
        Assert.True(interim.Ok, string.Join("\n", interim.Discrepancies));
        Assert.Contains(interim.Notes, n => n.Contains("segments/0000000001.jsonl", StringComparison.Ordinal));
        var orphan = await blobs.DownloadAsync("segments/0000000001.jsonl", CancellationToken.None);

        // A new sealer (new process) adopts the written segment, writes its entry, and carries on.
        await _db.AppendAsync(5, Start.AddMinutes(1));
        var result = await Sealer(blobs).SealAsync(CancellationToken.None);

        Assert.Equal(new SealResult(2, 1, 30), result);
        Assert.Equal(orphan, await blobs.DownloadAsync("segments/0000000001.jsonl", CancellationToken.None));
        var report = await Verify(blobs);
        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((3, 30L, 0L), (report.Segments, report.ArchivedRecords, report.UnarchivedRecords));
        Assert.Empty(report.Notes);
    }

    [Fact]
    public async Task A_segment_sealed_by_time_before_a_crash_is_adopted_with_its_own_boundary()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(3, Start);
        _time.Now = Start.AddHours(2);
        var crashing = AzuriteFixture.FastRetries();
        crashing.AddPolicy(new CrashPolicy(r => r.Method == RequestMethod.Put && r.Uri.ToUri().AbsolutePath.Contains("/manifest/", StringComparison.Ordinal)), HttpPipelinePosition.PerCall);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Sealer(azurite.Client(blobs.Container, crashing), maxRecords: 10).SealAsync(CancellationToken.None));

        // More records arrive; the resumed run would cut differently, but keeps the 3-record segment already written.
        await _db.AppendAsync(12, Start.AddHours(2));
        var result = await Sealer(blobs, maxRecords: 10).SealAsync(CancellationToken.None);

        // 0-2 adopted, 3-12 full; 13-14 are too young and too few.
        Assert.Equal(new SealResult(2, 1, 13), result);
        var first = ArchiveFormat.ParseEntry((await blobs.DownloadAsync("manifest/0000000000.json", CancellationToken.None))!);
        Assert.Equal((0L, 2L), (first.FirstIndex, first.LastIndex));
        Assert.True((await Verify(blobs)).Ok);
    }

    [Fact]
    public async Task An_existing_segment_with_other_content_stops_the_run_and_is_not_overwritten()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(10, Start);
        var foreign = Encoding.UTF8.GetBytes("not what the database holds\n");
        await blobs.CreateAsync("segments/0000000000.jsonl", foreign, "text/plain", CancellationToken.None);

        var error = await Assert.ThrowsAsync<AuditArchiveException>(() => Sealer(blobs).SealAsync(CancellationToken.None));

        Assert.Contains("segments/0000000000.jsonl", error.Message, StringComparison.Ordinal);
        Assert.Contains("not overwritten", error.Message, StringComparison.Ordinal);
        Assert.Equal(foreign, await blobs.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Empty(await blobs.ListAsync("manifest/", CancellationToken.None));
    }

    [Fact]
    public async Task A_leftover_segment_whose_records_differ_from_the_database_is_refused()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(10, Start);
        var crashing = AzuriteFixture.FastRetries();
        crashing.AddPolicy(new CrashPolicy(r => r.Method == RequestMethod.Put && r.Uri.ToUri().AbsolutePath.Contains("/manifest/", StringComparison.Ordinal)), HttpPipelinePosition.PerCall);
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Sealer(azurite.Client(blobs.Container, crashing)).SealAsync(CancellationToken.None));
        var written = await blobs.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None);

        // Someone rewrites a sealed-but-unlisted record in the database, hash and all.
        _db.Sql("UPDATE ef_audit SET actor = 'someone-else' WHERE idx = 4");

        var error = await Assert.ThrowsAsync<AuditArchiveException>(() => Sealer(blobs).SealAsync(CancellationToken.None));
        Assert.Contains("record 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(written, await blobs.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Empty(await blobs.ListAsync("manifest/", CancellationToken.None));
    }

    [Fact]
    public async Task An_existing_manifest_entry_with_other_content_stops_the_run_and_is_not_overwritten()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(20, Start);
        await Sealer(blobs).SealAsync(CancellationToken.None); // two entries
        // An impostor takes the next entry's name before the sealer gets to it.
        await _db.AppendAsync(10, Start);
        var impostor = Encoding.UTF8.GetBytes("{\"format\":\"something else\"}\n");
        await blobs.CreateAsync("manifest/0000000002.json", impostor, "application/json", CancellationToken.None);

        var error = await Assert.ThrowsAsync<AuditArchiveException>(() => Sealer(blobs).SealAsync(CancellationToken.None));

        Assert.Contains("manifest/0000000002.json", error.Message, StringComparison.Ordinal);
        Assert.Equal(impostor, await blobs.DownloadAsync("manifest/0000000002.json", CancellationToken.None));
        Assert.Null(await blobs.DownloadAsync("segments/0000000002.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task A_broken_database_chain_is_not_archived()
    {
        var blobs = await azurite.NewContainerAsync();
        await _db.AppendAsync(10, Start);
        _db.Sql("UPDATE ef_audit SET actor = 'someone-else' WHERE idx = 6");

        var error = await Assert.ThrowsAsync<AuditArchiveException>(() => Sealer(blobs).SealAsync(CancellationToken.None));

        Assert.Contains("broken at record 6", error.Message, StringComparison.Ordinal);
        Assert.Empty(await blobs.ListAsync("segments/", CancellationToken.None));
    }

    [Fact]
    public async Task Sealing_survives_503s_from_the_service()
    {
        var setup = await azurite.NewContainerAsync();
        await _db.AppendAsync(20, Start);
        var faults = new ServiceUnavailableHandler(failures: 2);
        var options = AzuriteFixture.FastRetries();
        options.Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClient(faults));

        Assert.Equal(new SealResult(2, 0, 20), await Sealer(azurite.Client(setup.Container, options)).SealAsync(CancellationToken.None));
        Assert.Equal(2, faults.Failed);
        Assert.True((await Verify(setup)).Ok);
    }
}
