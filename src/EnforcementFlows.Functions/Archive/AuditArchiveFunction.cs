using EnforcementFlows.App.Hosting;
using EnforcementFlows.AuditArchive;
using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Archive;

/// <summary>
/// Seals the audit trail into the archive container on a timer: the self-host's <see cref="AuditArchiveJob"/> run
/// (same sealer, same lease, so a self-host on the same database never seals at the same time). Off, doing nothing,
/// unless EnforcementFlows:AuditArchive names a store. A conflict or a storage refusal fails the invocation with the
/// archive's own message (status and error code, no secret), which the host logs; the next tick tries again.
/// </summary>
public sealed class AuditArchiveFunction(IOptions<AuditArchiveOptions> options, AuditArchiveContainer container, JobLeases leases,
    IServiceProvider services, ILogger<AuditArchiveFunction> logger)
{
    public const string Name = "AuditArchive";

    [Function(Name)]
    public async Task<SealResult?> Run([TimerTrigger("%" + Hosting.FunctionSchedules.AuditArchiveSetting + "%")] TimerInfo timer, CancellationToken cancellation)
    {
        var o = options.Value;
        if (!o.IsEnabled)
        {
            Log.ArchiveOff(logger, AuditArchiveOptions.Section);
            return null;
        }
        // A holder that dies frees the lease after three intervals, as the self-host's job takes it.
        if (!await leases.TryTakeAsync(AuditArchiveServices.LeaseName, o.Interval * 3, cancellation))
        {
            Log.ArchiveLeaseHeld(logger, AuditArchiveServices.LeaseName);
            return null;
        }
        var blobs = await container.PreparedAsync(cancellation);
        var result = await AuditArchiveServices.CreateSealer(services, blobs).SealAsync(cancellation);
        Log.ArchiveSealed(logger, o.Container, result.SegmentsSealed, result.SegmentsResumed, result.ArchivedRecords);
        return result;
    }
}

/// <summary>
/// The archive client of this worker, made once and prepared (container checked, readiness logged) by the first run
/// that gets the lease: the function class is made per invocation, the client and its readiness are not.
/// </summary>
public sealed class AuditArchiveContainer(IOptions<AuditArchiveOptions> options, ILogger<AuditArchiveContainer> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ArchiveContainer? prepared;

    public async Task<ArchiveContainer> PreparedAsync(CancellationToken cancellation)
    {
        if (prepared is { } ready)
        {
            return ready;
        }
        await gate.WaitAsync(cancellation);
        try
        {
            if (prepared is null)
            {
                var blobs = options.Value.CreateClient();
                var readiness = await blobs.PrepareAsync(cancellation);
                if (readiness.PoliciesApplied)
                {
                    Log.ArchivePoliciesOn(logger, blobs.Container);
                }
                else
                {
                    Log.ArchivePoliciesOff(logger, blobs.Container, readiness.Checked ? readiness.VersionLevelImmutability.ToString() : "unknown", readiness.ContainerPolicy);
                }
                prepared = blobs; // only once preparation succeeded: a failed one is retried next tick
            }
            return prepared;
        }
        finally
        {
            gate.Release();
        }
    }
}
