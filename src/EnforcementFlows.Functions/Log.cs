using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Functions;

/// <summary>Log lines of the Functions app. Event ids 2500-2549.</summary>
internal static partial class Log
{
    [LoggerMessage(2500, LogLevel.Debug, "Audit archive sealing is off ({Section}:ServiceUri and :ConnectionString unset); the timer does nothing")]
    public static partial void ArchiveOff(ILogger logger, string section);

    [LoggerMessage(2501, LogLevel.Debug, "Audit archive sealing skipped: another process holds the '{Lease}' lease")]
    public static partial void ArchiveLeaseHeld(ILogger logger, string lease);

    [LoggerMessage(2502, LogLevel.Information, "Audit archive {Container}: {Sealed} segments sealed ({Resumed} resumed); the archive holds {Records} records")]
    public static partial void ArchiveSealed(ILogger logger, string container, int @sealed, int resumed, long records);

    [LoggerMessage(2503, LogLevel.Information, "Audit archive {Container}: version-level immutability on, each sealed blob gets its own retention policy")]
    public static partial void ArchivePoliciesOn(ILogger logger, string container);

    [LoggerMessage(2504, LogLevel.Warning, "Audit archive {Container}: no per-blob immutability policy (version-level support: {Support}; container policy: {ContainerPolicy}); sealed blobs are protected by create-only writes only")]
    public static partial void ArchivePoliciesOff(ILogger logger, string container, string support, bool containerPolicy);

    [LoggerMessage(2510, LogLevel.Error, "HTTP function {Function} failed with status {Status}")]
    public static partial void HttpFunctionFailed(ILogger logger, string function, int status, Exception exception);
}
