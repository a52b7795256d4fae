using Azure.Core;
using EnforcementFlows.AuditArchive.Blob;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>One Azurite per test class (IClassFixture); tests keep apart by using their own containers.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("AzuriteFixture is not initialized.");

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A client on a new container (created), with fast retries unless <paramref name="options"/> says otherwise.</summary>
    public async Task<BlobArchiveClient> NewContainerAsync(BlobArchiveClientOptions? options = null, string? container = null)
    {
        var client = Client(container ?? "t" + Guid.NewGuid().ToString("N")[..20], options);
        await client.EnsureContainerAsync(CancellationToken.None);
        return client;
    }

    public BlobArchiveClient Client(string container, BlobArchiveClientOptions? options = null)
        => new(BlobEndpoint.Parse(Server.ConnectionString), container, options: options ?? FastRetries());

    public static BlobArchiveClientOptions FastRetries()
    {
        var options = new BlobArchiveClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>What a test (not the archive) may do to tamper with blobs: DELETE, signed like the client's requests.</summary>
    public async Task DeleteBlobAsync(BlobArchiveClient client, string blobName)
    {
        var endpoint = BlobEndpoint.Parse(Server.ConnectionString);
        var pipeline = Azure.Core.Pipeline.HttpPipelineBuilder.Build(FastRetries(), [], [new SharedKeyPolicy(endpoint.AccountName!, endpoint.AccountKey!, TimeProvider.System)], new ResponseClassifier());
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Delete;
        message.Request.Uri.Reset(new Uri(client.ContainerUri.AbsoluteUri + "/" + blobName));
        message.Request.Headers.SetValue("x-ms-version", BlobArchiveClientOptions.ServiceVersion);
        await pipeline.SendAsync(message, CancellationToken.None);
        Assert.Equal(202, message.Response.Status);
    }
}
