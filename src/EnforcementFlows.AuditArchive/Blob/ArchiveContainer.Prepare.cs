using Azure;
using Azure.Storage.Blobs.Models;

namespace EnforcementFlows.AuditArchive.Blob;

public sealed partial class ArchiveContainer
{
    /// <summary>
    /// Checks the container before the first write: creates it when missing and configured by connection string
    /// (Azurite), and reads which immutability it offers. Version-level immutability support is a container setting
    /// in Azure (it needs blob versioning on the account); Azurite has none (and answers 501 APINotImplemented to
    /// Set Blob Immutability Policy), so there the archive relies on create-only writes and says so. With
    /// <see cref="VersionImmutability.Required"/>, a container without that support is refused.
    /// </summary>
    public async Task<ArchiveReadiness> PrepareAsync(CancellationToken cancellationToken)
    {
        var created = false;
        BlobContainerProperties properties;
        try
        {
            try
            {
                properties = (await _container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound && CreatesMissingContainer)
            {
                created = await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false) is not null;
                properties = (await _container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
        }
        catch (RequestFailedException e) when (e.Status == 403 && !UsesAccountKey && e.ErrorCode != BlobErrorCode.AuthenticationFailed)
        {
            // A container SAS (or a role without container read) may write blobs but not read the container's
            // properties: the immutability settings stay unknown, so no per-blob policy is attempted.
            return Remember(new ArchiveReadiness(false, false, false, false, PoliciesApplied: false, Checked: false));
        }
        catch (RequestFailedException e)
        {
            throw ArchiveStorageErrors.From(e, "checking the container", Container);
        }
        catch (AggregateException e)
        {
            throw ArchiveStorageErrors.Unreachable(e, "checking the container", Container);
        }

        var versionLevel = properties.HasImmutableStorageWithVersioning;
        return Remember(new ArchiveReadiness(created, versionLevel, properties.HasImmutabilityPolicy ?? false, properties.HasLegalHold ?? false,
            PoliciesApplied: versionLevel && _options.Immutability != VersionImmutability.Off, Checked: true));
    }

    private ArchiveReadiness Remember(ArchiveReadiness readiness)
    {
        if (_options.Immutability == VersionImmutability.Required && !readiness.VersionLevelImmutability)
        {
            throw new ArchiveStorageException(ArchiveStorageProblem.ImmutabilityUnsupported, 0, null, readiness.Checked
                ? $"audit archive: container '{Container}' has no version-level immutability support (Azurite never has; in Azure enable it on the container), and AuditArchive:Immutability is Required"
                : $"audit archive: the credentials cannot read container '{Container}''s properties, so its version-level immutability cannot be checked, and AuditArchive:Immutability is Required");
        }
        _readiness = readiness;
        return readiness;
    }

    private async ValueTask<ArchiveReadiness> ReadinessAsync(CancellationToken cancellationToken)
        => _readiness ?? await PrepareAsync(cancellationToken).ConfigureAwait(false);
}
