using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs.Models;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>The archive's container on Azure.Storage.Blobs against Azurite's real blob server: create-only writes, listing, transfer validation (MD5 both ways), retries.</summary>
public sealed class ArchiveContainerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello archive\n");

    private static bool IsPut(HttpRequestMessage r) => r.Method == HttpMethod.Put && r.RequestUri!.AbsolutePath.Contains("/segments/", StringComparison.Ordinal);

    [Fact]
    public async Task Creates_reads_and_lists_blobs_by_prefix()
    {
        var client = await azurite.NewContainerAsync();
        Assert.Null(await client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        var result = await client.CreateAsync("segments/0000000000.jsonl", Hello, "text/plain", CancellationToken.None);
        Assert.Equal(BlobCreateOutcome.Created, result.Outcome);
        await client.CreateAsync("manifest/0000000000.json", Hello, "text/plain", CancellationToken.None);
        Assert.Equal(Hello, await client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Equal(["segments/0000000000.jsonl"], await client.ListAsync("segments/", CancellationToken.None));
        var properties = await azurite.Sdk(client).GetBlobClient("segments/0000000000.jsonl").GetPropertiesAsync();
        Assert.Equal("text/plain", properties.Value.ContentType);
        Assert.False((await client.PrepareAsync(CancellationToken.None)).ContainerCreated); // exists already: fine
    }

    [Fact]
    public async Task Listing_follows_continuation_across_pages()
    {
        var client = await azurite.NewContainerAsync();
        var names = Enumerable.Range(0, 5).Select(i => ArchiveFormat.ManifestName(i)).ToList();
        foreach (var name in names.AsEnumerable().Reverse())
        {
            await client.CreateAsync(name, Hello, "text/plain", CancellationToken.None);
        }
        await client.CreateAsync("segments/0000000000.jsonl", Hello, "text/plain", CancellationToken.None);

        Assert.Equal(names, await client.ListAsync("manifest/", pageSize: 2, CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_larger_than_one_validated_range_round_trips()
    {
        // 6 MiB: one Put Blob with its MD5, read back as two 4 MiB-bounded ranges, each checked against the service's MD5.
        var setup = await azurite.NewContainerAsync();
        var recorder = new RecordingHandler();
        var options = AzuriteFixture.FastRetries();
        options.Transport = new HttpClientTransport(new HttpClient(recorder));
        var client = azurite.Client(setup.Container, options);
        var large = new byte[6 * 1024 * 1024 + 17];
        new Random(22).NextBytes(large);

        Assert.Equal(BlobCreateOutcome.Created, (await client.CreateAsync("segments/0000000005.jsonl", large, ArchiveFormat.SegmentContentType, CancellationToken.None)).Outcome);
        Assert.Equal(large, await client.DownloadAsync("segments/0000000005.jsonl", CancellationToken.None));

        var onBlob = recorder.Requests.Where(r => r.Path.EndsWith("/segments/0000000005.jsonl", StringComparison.Ordinal)).ToList();
        var put = Assert.Single(onBlob, r => r.Method == HttpMethod.Put);
        Assert.Equal("*", put.Headers["if-none-match"]);
        Assert.True(put.Headers.ContainsKey("content-md5"), "the upload carries a transactional MD5");
        var gets = onBlob.Where(r => r.Method == HttpMethod.Get).ToList();
        Assert.Equal(2, gets.Count);
        Assert.All(gets, g => Assert.Equal("true", g.Headers["x-ms-range-get-content-md5"]));
        Assert.Equal(BlobCreateOutcome.AlreadyIdentical, (await client.CreateAsync("segments/0000000005.jsonl", large, ArchiveFormat.SegmentContentType, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task An_existing_identical_blob_counts_as_written()
    {
        var client = await azurite.NewContainerAsync();
        await client.CreateAsync("manifest/0000000001.json", Hello, "text/plain", CancellationToken.None);
        var again = await client.CreateAsync("manifest/0000000001.json", Hello, "text/plain", CancellationToken.None);
        Assert.Equal(BlobCreateOutcome.AlreadyIdentical, again.Outcome);
    }

    [Fact]
    public async Task A_second_write_of_a_sealed_blob_is_refused_by_the_create_only_condition()
    {
        var client = await azurite.NewContainerAsync();
        await client.CreateAsync("segments/0000000002.jsonl", Hello, "text/plain", CancellationToken.None);
        var other = Encoding.UTF8.GetBytes("something else\n");

        var result = await client.CreateAsync("segments/0000000002.jsonl", other, "text/plain", CancellationToken.None);
        Assert.Equal(BlobCreateOutcome.ExistsWithOtherContent, result.Outcome);
        Assert.Equal(Hello, result.ExistingContent);

        // The same condition through the SDK directly: the service itself refuses, it is not our comparison.
        var sdk = azurite.Sdk(client).GetBlobClient("segments/0000000002.jsonl");
        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => sdk.UploadAsync(BinaryData.FromBytes(other),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }));
        Assert.Equal(409, refused.Status);
        Assert.Equal(BlobErrorCode.BlobAlreadyExists.ToString(), refused.ErrorCode);
        Assert.Equal(Hello, await client.DownloadAsync("segments/0000000002.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task An_upload_damaged_in_transit_is_refused_by_its_MD5_and_nothing_is_stored()
    {
        var setup = await azurite.NewContainerAsync();
        var damage = new CorruptingHandler(IsPut, response: false);
        var options = AzuriteFixture.FastRetries();
        options.Retry.MaxRetries = 0;
        options.Transport = new HttpClientTransport(new HttpClient(damage));
        var client = azurite.Client(setup.Container, options);

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.CreateAsync("segments/0000000003.jsonl", Hello, "text/plain", CancellationToken.None));

        Assert.True(damage.Corrupted);
        Assert.Equal(400, error.Status);
        Assert.Equal("Md5Mismatch", error.ErrorCode);
        Assert.Null(await setup.DownloadAsync("segments/0000000003.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task A_download_damaged_in_transit_fails_its_MD5_check()
    {
        var setup = await azurite.NewContainerAsync();
        await setup.CreateAsync("segments/0000000004.jsonl", Hello, "text/plain", CancellationToken.None);
        var damage = new CorruptingHandler(r => r.Method == HttpMethod.Get && r.RequestUri!.AbsolutePath.EndsWith("0000000004.jsonl", StringComparison.Ordinal), response: true);
        var options = AzuriteFixture.FastRetries();
        options.Transport = new HttpClientTransport(new HttpClient(damage));
        var client = azurite.Client(setup.Container, options);

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.DownloadAsync("segments/0000000004.jsonl", CancellationToken.None));

        Assert.True(damage.Corrupted);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_answered_503_are_retried_by_the_SDK_until_they_succeed()
    {
        var setup = await azurite.NewContainerAsync();
        var faults = new ServiceUnavailableHandler(failures: 3, only: IsPut);
        var options = AzuriteFixture.FastRetries();
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var client = azurite.Client(setup.Container, options);

        var result = await client.CreateAsync("segments/0000000007.jsonl", Hello, "text/plain", CancellationToken.None);

        Assert.Equal(BlobCreateOutcome.Created, result.Outcome);
        Assert.Equal(3, faults.Failed);
        Assert.Equal(4, faults.Requests); // 3 refused + 1 forwarded
        Assert.Equal(Hello, await setup.DownloadAsync("segments/0000000007.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task A_Retry_After_header_is_honoured_over_the_shorter_configured_backoff()
    {
        var setup = await azurite.NewContainerAsync();
        var faults = new ServiceUnavailableHandler(failures: 2, retryAfter: TimeSpan.FromSeconds(1));
        var options = AzuriteFixture.FastRetries(); // 20 ms base delay, 200 ms cap
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var client = azurite.Client(setup.Container, options);

        var clock = Stopwatch.StartNew();
        Assert.Null(await client.DownloadAsync("segments/none.jsonl", CancellationToken.None));

        Assert.Equal(3, faults.Requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"two Retry-After: 1 answers should take about 2 s, took {clock.Elapsed}");
    }

    [Fact]
    public async Task Gives_up_after_the_configured_retries_with_the_status()
    {
        var setup = await azurite.NewContainerAsync();
        var faults = new ServiceUnavailableHandler(failures: 100, only: IsPut);
        var options = AzuriteFixture.FastRetries();
        options.Retry.MaxRetries = 2;
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var client = azurite.Client(setup.Container, options);

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.CreateAsync("segments/x.jsonl", Hello, "text/plain", CancellationToken.None));
        Assert.Equal((ArchiveStorageProblem.Unavailable, 503), (error.Problem, error.Status));
        Assert.Equal(3, faults.Requests);
        Assert.Null(await setup.DownloadAsync("segments/x.jsonl", CancellationToken.None));
    }
}
