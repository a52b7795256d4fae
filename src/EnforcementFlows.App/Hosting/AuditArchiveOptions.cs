using System.Text.RegularExpressions;
using EnforcementFlows.AuditArchive;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>
/// Configuration section "EnforcementFlows:AuditArchive": sealing the audit trail into Blob storage. Off unless
/// <see cref="ServiceUri"/> (Azure: managed identity via DefaultAzureCredential) or <see cref="ConnectionString"/>
/// (account key or SAS, e.g. Azurite) is set. The client is Azure.Storage.Blobs'.
/// </summary>
public sealed class AuditArchiveOptions
{
    public const string Section = "EnforcementFlows:AuditArchive";

    /// <summary>The account's blob endpoint, e.g. https://acct.blob.core.windows.net; requests carry a bearer token.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>A storage connection string with an account key or a SAS (Azurite, or where no identity is available). A secret.</summary>
    public string? ConnectionString { get; set; }

    public string Container { get; set; } = "audit-archive";

    /// <summary>A segment is sealed once it has this many records...</summary>
    public int SegmentMaxRecords { get; set; } = 10_000;

    /// <summary>...or once its oldest record is this old.</summary>
    public TimeSpan SegmentMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the job looks for segments to seal.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-blob version-level immutability policy: Auto (where the container supports it), Off, or Required.</summary>
    public VersionImmutability Immutability { get; set; } = VersionImmutability.Auto;

    /// <summary>How long each sealed blob's own policy lasts (365 days, as bicep's auditRetentionDays).</summary>
    public TimeSpan ImmutabilityPeriod { get; set; } = TimeSpan.FromDays(365);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ServiceUri) || !string.IsNullOrWhiteSpace(ConnectionString);

    public static bool IsEnabledIn(IConfiguration configuration)
        => configuration.GetSection(Section).Get<AuditArchiveOptions>()?.IsEnabled == true;

    public ArchiveContainer CreateClient()
    {
        var options = new ArchiveContainerOptions { Immutability = Immutability, ImmutabilityPeriod = ImmutabilityPeriod };
        return string.IsNullOrWhiteSpace(ConnectionString)
            ? ArchiveContainer.FromServiceUri(new Uri(ServiceUri!), Container, options: options)
            : ArchiveContainer.FromConnectionString(ConnectionString, Container, options);
    }

    public SealerSettings SealerSettings => new(SegmentMaxRecords, SegmentMaxAge);
}

internal sealed partial class AuditArchiveOptionsValidator : IValidateOptions<AuditArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditArchiveOptions o)
    {
        if (!o.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }
        var s = AuditArchiveOptions.Section;
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.ServiceUri) && !string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            errors.Add($"{s}:ServiceUri and {s}:ConnectionString are alternatives: set one.");
        }
        else if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            try
            {
                ArchiveContainer.FromConnectionString(o.ConnectionString, "audit-archive");
            }
            catch (FormatException e)
            {
                errors.Add($"{s}:ConnectionString is not usable: {e.Message}."); // the parser's messages never echo the string
            }
        }
        else if (!Uri.TryCreate(o.ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0)
        {
            errors.Add($"{s}:ServiceUri must be the account's https blob endpoint (e.g. https://<account>.blob.core.windows.net).");
        }
        if (!ContainerName().IsMatch(o.Container) || o.Container.Contains("--", StringComparison.Ordinal))
        {
            errors.Add($"{s}:Container must be a blob container name (3-63 lowercase letters, digits and single hyphens).");
        }
        if (o.SegmentMaxRecords is < 1 or > 100_000)
        {
            errors.Add($"{s}:SegmentMaxRecords must be between 1 and 100000.");
        }
        if (o.SegmentMaxAge <= TimeSpan.Zero)
        {
            errors.Add($"{s}:SegmentMaxAge must be positive.");
        }
        if (o.ImmutabilityPeriod < TimeSpan.FromDays(1) || o.ImmutabilityPeriod > TimeSpan.FromDays(146_000))
        {
            errors.Add($"{s}:ImmutabilityPeriod must be between 1 day and 146000 days (400 years, the service's limit).");
        }
        if (!Enum.IsDefined(o.Immutability))
        {
            errors.Add($"{s}:Immutability must be Auto, Off or Required.");
        }
        if (o.Interval <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Interval must be positive.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$")]
    private static partial Regex ContainerName();
}

public static class AuditArchiveServices
{
    /// <summary>The job lease: one sealer at a time across every process on the database (self-host job or Functions timer).</summary>
    public const string LeaseName = "audit-archive";

    /// <summary>Options always (the CLI's `audit verify --archive` reads them); the background job only when configured.</summary>
    internal static void AddAuditArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuditArchiveOptions();
        if (!AuditArchiveOptions.IsEnabledIn(configuration))
        {
            return;
        }
        // Registered after the schema initializer, so the audit table exists before the first run.
        services.AddHostedService(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuditArchiveOptions>>().Value;
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var blobs = o.CreateClient();
            var sealer = CreateSealer(sp, blobs);
            // A holder that dies frees the lease after three intervals.
            var leases = sp.GetRequiredService<JobLeases>();
            return new AuditArchiveJob(blobs, sealer, o.Interval, time, sp.GetRequiredService<ILogger<AuditArchiveJob>>(),
                ct => leases.TryTakeAsync(LeaseName, o.Interval * 3, ct));
        });
    }

    /// <summary>"EnforcementFlows:AuditArchive", validated at start; for hosts that run sealing their own way (the Functions timer).</summary>
    public static IServiceCollection AddAuditArchiveOptions(this IServiceCollection services)
    {
        services.AddOptions<AuditArchiveOptions>().BindConfiguration(AuditArchiveOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditArchiveOptions>, AuditArchiveOptionsValidator>());
        return services;
    }

    /// <summary>The sealer the self-host's job runs, over <paramref name="blobs"/> and the domain's audit ledger.</summary>
    public static AuditArchiveSealer CreateSealer(IServiceProvider services, ArchiveContainer blobs)
    {
        var o = services.GetRequiredService<IOptions<AuditArchiveOptions>>().Value;
        return new AuditArchiveSealer(blobs, services.GetRequiredService<AuditLedger>(), o.SealerSettings,
            services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetRequiredService<ILogger<AuditArchiveSealer>>());
    }
}
