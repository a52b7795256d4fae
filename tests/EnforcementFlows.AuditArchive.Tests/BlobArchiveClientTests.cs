using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Core.Pipeline;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>The Blob REST client against Azurite's real blob server: shared-key auth, create-only writes, listing, 503 retries.</summary>
public sealed class BlobArchiveClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello archive\n");

    [Fact]
    public async Task Creates_reads_and_lists_blobs_with_shared_key()
    {
        var client = await azurite.NewContainerAsync();
        Assert.Null(await client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        var result = await client.CreateAsync("segments/0000000000.jsonl", Hello, "text/plain", CancellationToken.None);
        Assert.Equal(BlobCreateOutcome.Created, result.Outcome);
        await client.CreateAsync("manifest/0000000000.json", Hello, "text/plain", CancellationToken.None);
        Assert.Equal(Hello, await client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Equal(["segments/0000000000.jsonl"], await client.ListAsync("segments/", CancellationToken.None));
        await client.EnsureContainerAsync(CancellationToken.None); // exists already: fine
    }

    [Fact]
    public async Task Listing_follows_continuation_markers_across_pages()
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
    public void Endpoints_never_show_the_account_key()
    {
        var endpoint = BlobEndpoint.Parse(azurite.Server.ConnectionString);
        Assert.DoesNotContain(AzuriteServer.AccountKey, endpoint.ToString(), StringComparison.Ordinal);
        Assert.Contains("devstoreaccount1", endpoint.ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => BlobEndpoint.Parse("AccountName=a;AccountKey=not*base64"));
        Assert.DoesNotContain("not*base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_refused_by_the_server()
    {
        var good = await azurite.NewContainerAsync();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var bad = new BlobArchiveClient(BlobEndpoint.ForSharedKey(azurite.Server.ServiceUri, BlobEndpoint.DevelopmentAccountName, wrongKey), good.Container,
            options: AzuriteFixture.FastRetries());
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => bad.DownloadAsync("x", CancellationToken.None));
        Assert.Equal(403, error.Status);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
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
    public async Task An_existing_different_blob_is_reported_and_never_overwritten()
    {
        var client = await azurite.NewContainerAsync();
        await client.CreateAsync("manifest/0000000002.json", Hello, "text/plain", CancellationToken.None);
        var other = Encoding.UTF8.GetBytes("something else\n");
        var result = await client.CreateAsync("manifest/0000000002.json", other, "text/plain", CancellationToken.None);
        Assert.Equal(BlobCreateOutcome.ExistsWithOtherContent, result.Outcome);
        Assert.Equal(Hello, result.ExistingContent);
        Assert.Equal(Hello, await client.DownloadAsync("manifest/0000000002.json", CancellationToken.None));
    }

    [Fact]
    public async Task Requests_answered_503_are_retried_by_the_pipeline_until_they_succeed()
    {
        var setup = await azurite.NewContainerAsync();
        var faults = new ServiceUnavailableHandler(failures: 3);
        var options = AzuriteFixture.FastRetries();
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var client = azurite.Client(setup.Container, options);

        var result = await client.CreateAsync("segments/0000000007.jsonl", Hello, "text/plain", CancellationToken.None);

        Assert.Equal(BlobCreateOutcome.Created, result.Outcome);
        Assert.Equal(3, faults.Failed);
        Assert.Equal(4, faults.Requests); // 3 refused + 1 forwarded: the signature is redone per attempt
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
        var faults = new ServiceUnavailableHandler(failures: 100);
        var options = AzuriteFixture.FastRetries();
        options.Retry.MaxRetries = 2;
        options.Transport = new HttpClientTransport(new HttpClient(faults));
        var client = azurite.Client(setup.Container, options);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => client.CreateAsync("segments/x.jsonl", Hello, "text/plain", CancellationToken.None));
        Assert.Equal(503, error.Status);
        Assert.Equal(3, faults.Requests);
        Assert.Null(await setup.DownloadAsync("segments/x.jsonl", CancellationToken.None));
    }
}
