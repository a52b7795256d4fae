using Azure.Core;
using Azure.Storage.Blobs;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>
/// The SDK's <see cref="BlobClientOptions"/> with the archive's defaults, plus what the archive adds. Retries are the
/// SDK's (<see cref="ClientOptions.Retry"/>): exponential backoff on 408, 429, 500, 502, 503, 504 and transport
/// failures, waiting at least as long as a Retry-After header asks. <see cref="ClientOptions.Transport"/> and
/// <see cref="ClientOptions.AddPolicy"/> are the seams tests use to inject faults.
/// </summary>
public sealed class ArchiveContainerOptions : BlobClientOptions
{
    public ArchiveContainerOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 6;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.ApplicationId = "EnforcementFlows";
        // Bodies are audit data; the SDK's own logging redacts Authorization and SAS signatures already.
        Diagnostics.IsLoggingContentEnabled = false;
    }

    /// <summary>Per-blob version-level immutability policy: see <see cref="VersionImmutability"/>.</summary>
    public VersionImmutability Immutability { get; set; } = VersionImmutability.Auto;

    /// <summary>How long a sealed blob's own policy keeps it unchangeable (365 days, as bicep's auditRetentionDays).</summary>
    public TimeSpan ImmutabilityPeriod { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The clock that dates the policies' expiry.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
