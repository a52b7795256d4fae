using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;

namespace EnforcementFlows.AuditArchive.Blob;

public sealed partial class ArchiveContainer
{
    /// <summary>
    /// Ranges of at most 4 MiB: the largest for which the service sends a transactional MD5 (Azurite sends MD5 but
    /// not CRC64 for ranges), so every byte of a download is checked in transit, however large the segment.
    /// </summary>
    private const int ValidatedRangeBytes = 4 * 1024 * 1024;

    /// <summary>The blob's content, or null when it does not exist. Each range is checked against the service's MD5.</summary>
    public async Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(CheckedName(blobName));
        using var buffer = new MemoryStream();
        var options = new BlobDownloadToOptions
        {
            TransferValidation = new DownloadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5, AutoValidateChecksum = true },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = ValidatedRangeBytes, MaximumTransferSize = ValidatedRangeBytes, MaximumConcurrency = 1 },
        };
        try
        {
            await blob.DownloadToAsync(buffer, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw ArchiveStorageErrors.From(e, "reading", InContainer(blobName));
        }
        catch (AggregateException e)
        {
            throw ArchiveStorageErrors.Unreachable(e, "reading", InContainer(blobName));
        }
        catch (InvalidDataException e)
        {
            // The SDK's transfer validation: the bytes received do not match the service's checksum for them.
            throw new ArchiveStorageException(ArchiveStorageProblem.DamagedInTransit, 0, null,
                $"audit archive: reading '{InContainer(blobName)}' failed: the bytes received do not match the service's checksum (damaged in transit); try again", e);
        }
        return buffer.ToArray();
    }

    /// <summary>Names of the blobs under <paramref name="prefix"/>, in the service's (lexicographic) order.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => ListAsync(prefix, 5000, cancellationToken);

    /// <summary>As above, <paramref name="pageSize"/> names per request (the service's maximum is 5000); the SDK follows the continuation.</summary>
    internal async Task<IReadOnlyList<string>> ListAsync(string prefix, int pageSize, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        try
        {
            await foreach (var page in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken).AsPages(pageSizeHint: pageSize).ConfigureAwait(false))
            {
                names.AddRange(page.Values.Select(b => b.Name));
            }
        }
        catch (RequestFailedException e)
        {
            throw ArchiveStorageErrors.From(e, "listing", InContainer(prefix));
        }
        catch (AggregateException e)
        {
            throw ArchiveStorageErrors.Unreachable(e, "listing", InContainer(prefix));
        }
        return names;
    }

    private static string CheckedName(string blobName)
    {
        // Archive names are [a-z0-9/.-] only; anything else is a programming error, not something to escape.
        if (blobName.Length == 0 || blobName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '/' or '.' or '-')))
        {
            throw new ArgumentException($"unsupported blob name '{blobName}'", nameof(blobName));
        }
        return blobName;
    }
}
