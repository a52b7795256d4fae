using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Core;
using Azure.Core.Pipeline;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>Azurite over HTTPS with its OAuth mode: the managed-identity path (service URI + token credential) sends a bearer token for the storage scope.</summary>
public sealed class BearerTokenTests(BearerTokenTests.HttpsAzurite azurite) : IClassFixture<BearerTokenTests.HttpsAzurite>
{
    private const string StorageScope = "https://storage.azure.com/.default";

    private static ArchiveContainerOptions Options()
    {
        var options = AzuriteFixture.FastRetries();
        options.Transport = new HttpClientTransport(new HttpClient(AzuriteServer.TrustingHandler()));
        return options;
    }

    private ArchiveContainer Client(TokenCredential credential, string container)
        => ArchiveContainer.FromServiceUri(azurite.Server.ServiceUri, container, credential, Options());

    [Fact]
    public async Task A_token_credential_authenticates_create_read_and_list()
    {
        var credential = new FakeEntraCredential(audience: "https://storage.azure.com");
        var client = Client(credential, "bearer" + Guid.NewGuid().ToString("N")[..10]);
        // The Bicep template creates the container in Azure; here the test does, through the SDK with the same token.
        await new BlobServiceClient(azurite.Server.ServiceUri, credential, Options()).GetBlobContainerClient(client.Container).CreateAsync();
        Assert.False(client.CreatesMissingContainer);
        Assert.Contains("token credential", client.Description, StringComparison.Ordinal);
        var content = Encoding.UTF8.GetBytes("sealed\n");

        Assert.Equal(BlobCreateOutcome.Created, (await client.CreateAsync("segments/0000000000.jsonl", content, "text/plain", CancellationToken.None)).Outcome);
        Assert.Equal(content, await client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Single(await client.ListAsync("segments/", CancellationToken.None));
        Assert.All(credential.Scopes, s => Assert.Equal([StorageScope], s));
        Assert.NotEmpty(credential.Scopes);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var client = Client(new FakeEntraCredential(audience: "https://vault.azure.net"), "bearerbad");
        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
        Assert.Equal((ArchiveStorageProblem.AuthenticationFailed, 403), (error.Problem, error.Status)); // Azurite: "Invalid token audience."
    }

    [Fact]
    public void Bearer_tokens_are_never_sent_over_plain_http()
        => Assert.Throws<ArgumentException>(() => ArchiveContainer.FromServiceUri(new Uri("http://127.0.0.1:10000/devstoreaccount1"), "audit-archive", new FakeEntraCredential("https://storage.azure.com")));

    /// <summary>One HTTPS + OAuth Azurite for the class.</summary>
    public sealed class HttpsAzurite : IAsyncLifetime
    {
        public AzuriteServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await AzuriteServer.StartAsync(https: true);

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>Stands in for DefaultAzureCredential: an unsigned JWT with the claims Azurite's basic OAuth checks.</summary>
    private sealed class FakeEntraCredential(string audience) : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes);
            }
            var now = DateTimeOffset.UtcNow;
            static string Part(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var jwt = Part(new { alg = "none", typ = "JWT" }) + "." + Part(new
            {
                aud = audience,
                iss = "https://sts.windows.net/ab1f708d-50f6-404c-a006-d71b2ac7a606/",
                nbf = now.AddMinutes(-5).ToUnixTimeSeconds(),
                iat = now.AddMinutes(-5).ToUnixTimeSeconds(),
                exp = now.AddHours(1).ToUnixTimeSeconds(),
                oid = "11059fcc-5514-4800-b5f8-49808b9cfab6",
                tid = "ab1f708d-50f6-404c-a006-d71b2ac7a606",
            }) + ".c2lnbmF0dXJl";
            return new AccessToken(jwt, now.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
            => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
