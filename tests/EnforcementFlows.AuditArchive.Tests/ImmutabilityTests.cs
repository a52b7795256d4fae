using Azure;
using Azure.Storage.Blobs.Models;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.AuditArchive.Tests.Infrastructure;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>
/// What Azurite offers for immutability (nothing), how the archive detects it, and that it says so instead of
/// pretending. The Azure side (version-level policies actually set) cannot run here; docs/azure.md says what it does.
/// </summary>
public sealed class ImmutabilityTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Azurite_reports_no_version_level_immutability_and_no_policy_is_applied()
    {
        var blobs = await azurite.NewContainerAsync();

        var readiness = await blobs.PrepareAsync(CancellationToken.None);

        Assert.Equal(new ArchiveReadiness(ContainerCreated: false, VersionLevelImmutability: false, ContainerPolicy: false, LegalHold: false, PoliciesApplied: false, Checked: true), readiness);
    }

    [Fact]
    public async Task Azurite_does_not_implement_blob_immutability_policies_so_the_archive_never_calls_them()
    {
        var blobs = await azurite.NewContainerAsync();
        await blobs.CreateAsync("segments/0000000000.jsonl", [1, 2, 3], ArchiveFormat.SegmentContentType, CancellationToken.None);
        var sdk = azurite.Sdk(blobs).GetBlobClient("segments/0000000000.jsonl");

        // The fact the detection rests on: Azurite answers 501 to Set Blob Immutability Policy (and to legal holds).
        var policy = await Assert.ThrowsAsync<RequestFailedException>(() => sdk.SetImmutabilityPolicyAsync(new BlobImmutabilityPolicy { ExpiresOn = DateTimeOffset.UtcNow.AddDays(1) }));
        Assert.Equal((501, "APINotImplemented"), (policy.Status, policy.ErrorCode));
        var hold = await Assert.ThrowsAsync<RequestFailedException>(() => sdk.SetLegalHoldAsync(true));
        Assert.Equal(501, hold.Status);

        // And the blob the archive wrote carries no policy: nothing was faked.
        var properties = await sdk.GetPropertiesAsync();
        Assert.Null(properties.Value.ImmutabilityPolicy?.ExpiresOn);
    }

    [Fact]
    public async Task Required_immutability_refuses_a_container_without_version_level_support()
    {
        var options = AzuriteFixture.FastRetries();
        options.Immutability = VersionImmutability.Required;
        var blobs = azurite.Client("t" + Guid.NewGuid().ToString("N")[..20], options);

        var error = await Assert.ThrowsAsync<ArchiveStorageException>(() => blobs.CreateAsync("segments/0000000000.jsonl", [1], ArchiveFormat.SegmentContentType, CancellationToken.None));

        Assert.Equal(ArchiveStorageProblem.ImmutabilityUnsupported, error.Problem);
        Assert.Contains("version-level immutability", error.Message, StringComparison.Ordinal);
        Assert.Empty(await blobs.ListAsync("segments/", CancellationToken.None));
    }
}
