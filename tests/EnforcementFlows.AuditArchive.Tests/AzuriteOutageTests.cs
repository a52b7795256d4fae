using Azure.Core;
using Azure.Core.Pipeline;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>
/// Azurite itself stopped in the middle of a sealing run (SIGTERM, then started again on the same port and data):
/// the SDK's retries carry the run over a short outage; a long one fails the run cleanly; either way every blob is
/// whole or absent, and the archive verifies.
/// </summary>
public sealed class AzuriteOutageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private AzuriteServer _server = null!;
    private AuditDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _server = await AzuriteServer.StartAsync();
        _db = await AuditDatabase.CreateAsync();
        await _db.AppendAsync(30, Start);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Stops Azurite as the first request matching <paramref name="when"/> is about to go out, once; counts that request's attempts.</summary>
    private sealed class OutagePolicy(AzuriteServer server, Func<Request, bool> when, TimeSpan? restartAfter) : HttpPipelineSynchronousPolicy
    {
        private int _stopped;

        public int Attempts;

        public Task Restarted { get; private set; } = Task.CompletedTask;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (!when(message.Request))
            {
                return;
            }
            Interlocked.Increment(ref Attempts);
            if (Interlocked.Exchange(ref _stopped, 1) == 0)
            {
                server.Stop();
                if (restartAfter is { } delay)
                {
                    Restarted = Task.Run(async () =>
                    {
                        await Task.Delay(delay);
                        await server.RestartAsync();
                    });
                }
            }
        }
    }

    private static bool SecondSegmentManifest(Request r) => r.Method == RequestMethod.Put && r.Uri.ToUri().AbsolutePath.EndsWith("/manifest/0000000001.json", StringComparison.Ordinal);

    private ArchiveContainer Client(string container, OutagePolicy? outage, int maxRetries)
    {
        var options = AzuriteFixture.FastRetries();
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        if (outage is not null)
        {
            options.AddPolicy(outage, HttpPipelinePosition.PerRetry);
        }
        return ArchiveContainer.FromConnectionString(_server.ConnectionString, container, options);
    }

    private AuditArchiveSealer Sealer(ArchiveContainer blobs) => new(blobs, _db.Ledger, new SealerSettings(10, TimeSpan.FromDays(1)), new FakeTime(Start));

    [Fact]
    public async Task A_short_outage_mid_seal_is_retried_and_the_run_completes()
    {
        var container = "outage" + Guid.NewGuid().ToString("N")[..12];
        var outage = new OutagePolicy(_server, SecondSegmentManifest, restartAfter: TimeSpan.FromSeconds(2));
        var blobs = Client(container, outage, maxRetries: 12);
        await blobs.PrepareAsync(CancellationToken.None);

        var result = await Sealer(blobs).SealAsync(CancellationToken.None);
        await outage.Restarted;

        Assert.Equal(new SealResult(3, 0, 30), result);
        Assert.True(outage.Attempts >= 2, $"the manifest write was attempted {outage.Attempts} time(s); the outage should have forced retries");
        var report = await new AuditArchiveVerifier(Client(container, null, 2), _db.Ledger).VerifyAsync(CancellationToken.None);
        Assert.True(report.Ok, string.Join("\n", report.Discrepancies));
        Assert.Equal((3, 30L), (report.Segments, report.ArchivedRecords));
    }

    [Fact]
    public async Task An_outage_longer_than_the_retries_fails_the_run_and_leaves_nothing_half_written()
    {
        var container = "outage" + Guid.NewGuid().ToString("N")[..12];
        var outage = new OutagePolicy(_server, SecondSegmentManifest, restartAfter: null);
        var blobs = Client(container, outage, maxRetries: 2);
        await blobs.PrepareAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => Sealer(blobs).SealAsync(CancellationToken.None));
        Assert.Equal(ArchiveStorageProblem.Unavailable, error.Problem);
        Assert.Equal(3, outage.Attempts);

        await _server.RestartAsync();
        var after = Client(container, null, 2);
        // Segment 1 was written before the outage; its manifest entry never was: a whole blob or none, no torn one.
        Assert.Equal(["manifest/0000000000.json"], await after.ListAsync("manifest/", CancellationToken.None));
        Assert.Equal(["segments/0000000000.jsonl", "segments/0000000001.jsonl"], await after.ListAsync("segments/", CancellationToken.None));
        var interim = await new AuditArchiveVerifier(after, _db.Ledger).VerifyAsync(CancellationToken.None);
        Assert.True(interim.Ok, string.Join("\n", interim.Discrepancies));
        Assert.Contains(interim.Notes, n => n.Contains("segments/0000000001.jsonl", StringComparison.Ordinal));

        // The next run adopts the written segment (checked record by record) and finishes.
        Assert.Equal(new SealResult(2, 1, 30), await Sealer(after).SealAsync(CancellationToken.None));
        Assert.True((await new AuditArchiveVerifier(after, _db.Ledger).VerifyAsync(CancellationToken.None)).Ok);
    }
}
