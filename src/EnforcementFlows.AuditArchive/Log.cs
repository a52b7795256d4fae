using Microsoft.Extensions.Logging;

namespace EnforcementFlows.AuditArchive;

/// <summary>
/// Log lines of the audit archive. Event ids: 3000-3099. Lines name segments, record indexes and hashes,
/// never record contents, account keys or tokens.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Audit archive job started: {Endpoint}, container {Container}, every {Interval}")]
    public static partial void JobStarted(ILogger logger, string endpoint, string container, TimeSpan interval);

    [LoggerMessage(3001, LogLevel.Information, "Audit segment {Sequence} sealed: records {FirstIndex}-{LastIndex}, last hash {LastHash}")]
    public static partial void SegmentSealed(ILogger logger, long sequence, long firstIndex, long lastIndex, string lastHash);

    [LoggerMessage(3002, LogLevel.Warning, "Audit segment {Sequence} (records {FirstIndex}-{LastIndex}) was written by a run that stopped before its manifest entry; resuming")]
    public static partial void SegmentResumed(ILogger logger, long sequence, long firstIndex, long lastIndex);

    [LoggerMessage(3003, LogLevel.Error, "Audit archive stopped: {Reason}")]
    public static partial void ArchiveConflict(ILogger logger, string reason);

    // The exception type and the service's status only: messages of HTTP failures can be long and carry request details.
    [LoggerMessage(3004, LogLevel.Warning, "Audit archive run failed ({ErrorType}, status {Status}); trying again at the next interval")]
    public static partial void RunFailed(ILogger logger, string errorType, int status);

    [LoggerMessage(3005, LogLevel.Error, "Audit archive storage refused the run ({Problem}): {Reason}")]
    public static partial void StorageRefused(ILogger logger, Blob.ArchiveStorageProblem problem, string reason);

    [LoggerMessage(3006, LogLevel.Information, "Audit archive container {Container} has version-level immutability: each sealed blob gets its own unlocked retention policy")]
    public static partial void VersionImmutabilityOn(ILogger logger, string container);

    [LoggerMessage(3007, LogLevel.Warning,
        "Audit archive container {Container}: no per-blob immutability policy is set (version-level support {VersionLevel}, container policy {ContainerPolicy}, legal hold {LegalHold}). "
        + "Sealed blobs are protected by create-only writes only, plus the container's policy where it has one. Azurite has no immutability at all; in Azure see docs/azure.md")]
    public static partial void VersionImmutabilityUnavailable(ILogger logger, string container, string versionLevel, bool containerPolicy, bool legalHold);
}
