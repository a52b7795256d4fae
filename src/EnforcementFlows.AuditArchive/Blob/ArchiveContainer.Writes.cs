using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;

namespace EnforcementFlows.AuditArchive.Blob;

public sealed partial class ArchiveContainer
{
    /// <summary>Up to this size a blob is one Put Blob request: created whole or not at all.</summary>
    private const int SingleRequestBytes = 64 * 1024 * 1024;

    /// <summary>
    /// Creates a block blob only if no blob of that name exists (<c>If-None-Match: *</c>), with a transactional MD5
    /// the service checks on arrival (a request damaged in transit is refused, not stored). Not CRC64: this SDK sends
    /// CRC64 as a "structured message" body that Azurite 3.37 does not understand (it would store the framing). When the container supports version-level
    /// immutability, the new version carries its own unlocked policy from the moment it exists. When a blob of that
    /// name exists, its content is read back and compared: identical means done; anything else is reported and left
    /// untouched.
    /// </summary>
    public async Task<BlobCreateResult> CreateAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(CheckedName(blobName));
        var readiness = await ReadinessAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = SingleRequestBytes, MaximumTransferSize = SingleRequestBytes },
            ImmutabilityPolicy = readiness.PoliciesApplied ? NewPolicy() : null,
        };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return new BlobCreateResult(BlobCreateOutcome.Created, null);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.ErrorCode == BlobErrorCode.ConditionNotMet || e.Status == 412)
        {
            // Exists (an earlier attempt, a crashed run, or someone else): compare below, never overwrite.
        }
        catch (RequestFailedException e)
        {
            throw ArchiveStorageErrors.From(e, "creating", InContainer(blobName));
        }
        catch (AggregateException e)
        {
            throw ArchiveStorageErrors.Unreachable(e, "creating", InContainer(blobName));
        }

        var existing = await DownloadAsync(blobName, cancellationToken).ConfigureAwait(false)
            ?? throw new ArchiveStorageException(ArchiveStorageProblem.Conflict, 409, null, $"audit archive: blob '{blobName}' was reported to exist but cannot be read");
        if (!existing.AsSpan().SequenceEqual(content))
        {
            return new BlobCreateResult(BlobCreateOutcome.ExistsWithOtherContent, existing);
        }
        if (readiness.PoliciesApplied)
        {
            await EnsurePolicyAsync(blobName, cancellationToken).ConfigureAwait(false);
        }
        return new BlobCreateResult(BlobCreateOutcome.AlreadyIdentical, existing);
    }

    private BlobImmutabilityPolicy NewPolicy() => new()
    {
        ExpiresOn = _options.Time.GetUtcNow() + _options.ImmutabilityPeriod,
        PolicyMode = BlobImmutabilityPolicyMode.Unlocked,
    };

    /// <summary>A blob written by a run that stopped before its policy was confirmed gets one; an existing policy is left as it is (never shortened).</summary>
    private async Task EnsurePolicyAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(blobName);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (properties.Value.ImmutabilityPolicy?.ExpiresOn is null)
            {
                await blob.SetImmutabilityPolicyAsync(NewPolicy(), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e)
        {
            throw ArchiveStorageErrors.From(e, "protecting", InContainer(blobName));
        }
    }
}
