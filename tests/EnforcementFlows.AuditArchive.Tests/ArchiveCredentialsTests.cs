using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>Connection strings (account key, SAS, development storage): clear errors for wrong ones, and no secret in any description or message.</summary>
public sealed class ArchiveCredentialsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Descriptions_never_show_the_account_key()
    {
        var client = ArchiveContainer.FromConnectionString(azurite.Server.ConnectionString, "audit-archive");
        Assert.DoesNotContain(AzuriteServer.AccountKey, client.Description, StringComparison.Ordinal);
        Assert.Contains("account key, account devstoreaccount1", client.Description, StringComparison.Ordinal);
        Assert.True(client.UsesAccountKey);
        var error = Assert.Throws<FormatException>(() => ArchiveContainer.FromConnectionString("AccountName=a;AccountKey=not*base64", "audit-archive"));
        Assert.DoesNotContain("not*base64", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ArchiveContainer.FromConnectionString("BlobEndpoint=https://a.blob.core.windows.net/", "audit-archive")); // anonymous: refused
    }

    [Fact]
    public void Development_storage_means_Azurite_on_its_default_port()
    {
        var client = ArchiveContainer.FromConnectionString("UseDevelopmentStorage=true", "audit-archive");
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/audit-archive", client.ContainerUri.AbsoluteUri);
        Assert.True(client.CreatesMissingContainer);
    }

    [Fact]
    public async Task A_wrong_account_key_gives_a_clear_error_without_the_key()
    {
        var good = await azurite.NewContainerAsync();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = azurite.Server.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey, StringComparison.Ordinal);
        var bad = ArchiveContainer.FromConnectionString(connection, good.Container, AzuriteFixture.FastRetries());

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => bad.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));

        // Azurite answers a bad signature with AuthorizationFailure (Azure: AuthenticationFailed); both name what to check.
        Assert.Equal((ArchiveStorageProblem.NoPermission, 403, "AuthorizationFailure"), (error.Problem, error.Status, error.ErrorCode));
        Assert.Contains("check the account key or SAS in AuditArchive:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("segments/0000000000.jsonl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SAS_connection_string_works_and_its_signature_is_never_shown()
    {
        var setup = await azurite.NewContainerAsync();
        var sas = SasFor(setup.Container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List | BlobContainerSasPermissions.Create | BlobContainerSasPermissions.Write);
        var client = ArchiveContainer.FromConnectionString($"BlobEndpoint={azurite.Server.ServiceUri};SharedAccessSignature={sas}", setup.Container, AzuriteFixture.FastRetries());

        Assert.Equal(BlobCreateOutcome.Created, (await client.CreateAsync("segments/0000000000.jsonl", [1, 2, 3], "text/plain", CancellationToken.None)).Outcome);
        Assert.Equal(["segments/0000000000.jsonl"], await client.ListAsync("segments/", CancellationToken.None));
        Assert.Contains("shared access signature", client.Description, StringComparison.Ordinal);
        var signature = System.Web.HttpUtility.ParseQueryString(sas)["sig"]!;
        Assert.DoesNotContain(signature, client.Description + client.ContainerUri, StringComparison.Ordinal);
        Assert.False(client.UsesAccountKey);
    }

    [Fact]
    public async Task A_SAS_without_write_permission_is_reported_as_no_permission()
    {
        var setup = await azurite.NewContainerAsync();
        var sas = SasFor(setup.Container, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);
        var client = ArchiveContainer.FromConnectionString($"BlobEndpoint={azurite.Server.ServiceUri};SharedAccessSignature={sas}", setup.Container, AzuriteFixture.FastRetries());

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.CreateAsync("segments/0000000000.jsonl", [1], "text/plain", CancellationToken.None));

        Assert.Equal((ArchiveStorageProblem.NoPermission, 403), (error.Problem, error.Status));
        Assert.DoesNotContain(System.Web.HttpUtility.ParseQueryString(sas)["sig"]!, error.Message, StringComparison.Ordinal);
        Assert.Null(await setup.DownloadAsync("segments/0000000000.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_container_is_named_when_the_archive_may_not_create_it()
    {
        var client = azurite.Client("t" + Guid.NewGuid().ToString("N")[..20]);
        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => client.ListAsync("manifest/", CancellationToken.None));
        Assert.Equal((ArchiveStorageProblem.ContainerMissing, 404), (error.Problem, error.Status));
        Assert.Contains(client.Container, error.Message + client.ContainerUri, StringComparison.Ordinal);
    }

    private string SasFor(string container, BlobContainerSasPermissions permissions)
        => new BlobContainerClient(azurite.Server.ConnectionString, container).GenerateSasUri(permissions, DateTimeOffset.UtcNow.AddHours(1)).Query.TrimStart('?');
}
