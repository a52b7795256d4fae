using Azure.Storage.Blobs;
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
    public async Task<ArchiveContainer> NewContainerAsync(ArchiveContainerOptions? options = null, string? container = null)
    {
        var client = Client(container ?? "t" + Guid.NewGuid().ToString("N")[..20], options);
        await client.PrepareAsync(CancellationToken.None);
        return client;
    }

    public ArchiveContainer Client(string container, ArchiveContainerOptions? options = null)
        => ArchiveContainer.FromConnectionString(Server.ConnectionString, container, options ?? FastRetries());

    public static ArchiveContainerOptions FastRetries()
    {
        var options = new ArchiveContainerOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    /// <summary>The SDK's own client on the same container: what a test (not the archive) uses to tamper with blobs.</summary>
    public BlobContainerClient Sdk(ArchiveContainer client) => new(Server.ConnectionString, client.Container);

    public async Task DeleteBlobAsync(ArchiveContainer client, string blobName)
        => Assert.Equal(202, (await Sdk(client).DeleteBlobAsync(blobName)).Status);
}
