using Azure.Core;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>
/// Pipeline options of <see cref="BlobArchiveClient"/>. Retries come from Azure.Core's RetryPolicy: exponential
/// backoff on 408, 429, 500, 502, 503, 504 and on transport failures, waiting at least as long as a
/// Retry-After header asks. <see cref="ClientOptions.Transport"/> and <see cref="ClientOptions.AddPolicy"/>
/// are the seams tests use to inject faults.
/// </summary>
public sealed class BlobArchiveClientOptions : ClientOptions
{
    /// <summary>The Blob REST API version every request names (x-ms-version).</summary>
    public const string ServiceVersion = "2023-11-03";

    public BlobArchiveClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 6;
        Retry.Delay = TimeSpan.FromMilliseconds(500);
        Retry.MaxDelay = TimeSpan.FromSeconds(30);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        Diagnostics.ApplicationId = "EnforcementFlows";
        // Azure.Core's own HTTP logging redacts Authorization already; bodies are audit data and stay out too.
        Diagnostics.IsLoggingContentEnabled = false;
    }

    /// <summary>The clock that dates shared-key signatures.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
