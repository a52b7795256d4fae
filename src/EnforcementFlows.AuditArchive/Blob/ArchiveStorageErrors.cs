using Azure;
using Azure.Storage.Blobs.Models;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>Maps the SDK's <see cref="RequestFailedException.ErrorCode"/> (and transport failures) to <see cref="ArchiveStorageException"/>.</summary>
public static class ArchiveStorageErrors
{
    /// <summary>The problem a service answer stands for.</summary>
    public static ArchiveStorageProblem Classify(int status, string? errorCode)
    {
        var code = errorCode ?? string.Empty;
        if (code == BlobErrorCode.ContainerNotFound)
        {
            return ArchiveStorageProblem.ContainerMissing;
        }
        if (code == BlobErrorCode.AuthenticationFailed || code == "InvalidAuthenticationInfo" || code == "NoAuthenticationInformation")
        {
            return ArchiveStorageProblem.AuthenticationFailed;
        }
        if (code.StartsWith("Authorization", StringComparison.Ordinal) || code == BlobErrorCode.InsufficientAccountPermissions)
        {
            return ArchiveStorageProblem.NoPermission;
        }
        if (code.StartsWith("BlobImmutable", StringComparison.Ordinal) || code.Contains("ImmutabilityPolicy", StringComparison.Ordinal) || code.Contains("LegalHold", StringComparison.Ordinal))
        {
            return ArchiveStorageProblem.ImmutabilityViolation;
        }
        if (code == BlobErrorCode.BlobAlreadyExists || code == BlobErrorCode.ConditionNotMet || code == BlobErrorCode.ContainerBeingDeleted
            || code.Contains("Lease", StringComparison.Ordinal) || status is 409 or 412)
        {
            return ArchiveStorageProblem.Conflict;
        }
        if (status is 0 or 408 or 429 or >= 500 && status != 501)
        {
            return ArchiveStorageProblem.Unavailable;
        }
        return status == 403 ? ArchiveStorageProblem.NoPermission : ArchiveStorageProblem.Other;
    }

    /// <summary>The archive's error for a failed <paramref name="operation"/> on <paramref name="target"/> (a blob or the container).</summary>
    public static ArchiveStorageException From(RequestFailedException e, string operation, string target)
    {
        var problem = Classify(e.Status, e.ErrorCode);
        var answer = $"{(e.Status == 0 ? "no answer" : "status " + e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(e.ErrorCode is { } code ? ", " + code : string.Empty)}";
        var advice = problem switch
        {
            ArchiveStorageProblem.ContainerMissing => "the container does not exist: deploy bicep/main.bicep (Azure) or check AuditArchive:Container",
            ArchiveStorageProblem.AuthenticationFailed => "the storage service did not accept the credentials: check the account key or SAS in AuditArchive:ConnectionString, or the identity behind AuditArchive:ServiceUri",
            // Azure answers a wrong account key with AuthenticationFailed; Azurite with AuthorizationFailure, which Azure also uses for network rules.
            ArchiveStorageProblem.NoPermission when e.ErrorCode == BlobErrorCode.AuthorizationFailure
                => "the request was not authorized: check the account key or SAS in AuditArchive:ConnectionString (Azurite answers a wrong key this way), or the account's network rules",
            ArchiveStorageProblem.NoPermission => "the credentials are not allowed to do this: the app's identity needs Storage Blob Data Contributor on the container (a SAS needs read, list, create and write)",
            ArchiveStorageProblem.ImmutabilityViolation => "an immutability policy or legal hold forbids the change, as it should for sealed audit blobs",
            ArchiveStorageProblem.Conflict => "the request conflicts with what is stored",
            ArchiveStorageProblem.Unavailable => "the storage service is unreachable or failing, after the configured retries",
            _ => "the storage service refused the request",
        };
        return new ArchiveStorageException(problem, e.Status, e.ErrorCode, $"audit archive: {operation} '{target}' failed ({answer}): {advice}", e);
    }

    /// <summary>Retries exhausted on transport failures: the SDK's pipeline throws an AggregateException of them.</summary>
    public static ArchiveStorageException Unreachable(AggregateException e, string operation, string target)
        => new(ArchiveStorageProblem.Unavailable, 0, null,
            $"audit archive: {operation} '{target}' failed after {e.InnerExceptions.Count} attempts (no answer): the storage service is unreachable", e);
}
