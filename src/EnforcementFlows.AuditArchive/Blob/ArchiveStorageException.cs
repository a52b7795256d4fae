namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>Why the storage service refused or failed an archive request, as an operator acts on it.</summary>
public enum ArchiveStorageProblem
{
    /// <summary>The container does not exist (in Azure the Bicep template creates it).</summary>
    ContainerMissing,

    /// <summary>The credentials were not accepted: wrong account key, expired or malformed SAS or token.</summary>
    AuthenticationFailed,

    /// <summary>Authenticated, but not allowed: missing role assignment, SAS without the permission, firewall.</summary>
    NoPermission,

    /// <summary>The request conflicts with the blob's or container's state (it exists, a lease, being deleted).</summary>
    Conflict,

    /// <summary>An immutability policy or legal hold forbids the change.</summary>
    ImmutabilityViolation,

    /// <summary>Version-level immutability was required, but the container does not support it.</summary>
    ImmutabilityUnsupported,

    /// <summary>Bytes received do not match the checksum the service sent for them.</summary>
    DamagedInTransit,

    /// <summary>The service could not be reached or kept failing after the retries.</summary>
    Unavailable,

    /// <summary>Anything else the service refused.</summary>
    Other,
}

/// <summary>
/// A storage failure with a message that says what to check. The message is built from the service's status and
/// error code only, never from the SDK's exception text (that carries request details) or the connection string.
/// </summary>
public sealed class ArchiveStorageException : Exception
{
    public ArchiveStorageException()
    {
    }

    public ArchiveStorageException(string message)
        : base(message)
    {
    }

    public ArchiveStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ArchiveStorageException(ArchiveStorageProblem problem, int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Problem = problem;
        Status = status;
        ErrorCode = errorCode;
    }

    public ArchiveStorageProblem Problem { get; } = ArchiveStorageProblem.Other;

    /// <summary>The HTTP status (0: no answer).</summary>
    public int Status { get; }

    /// <summary>The service's x-ms-error-code, when it sent one.</summary>
    public string? ErrorCode { get; }
}
