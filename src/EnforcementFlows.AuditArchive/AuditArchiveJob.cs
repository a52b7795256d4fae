using EnforcementFlows.AuditArchive.Blob;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.AuditArchive;

/// <summary>
/// The background job: a sealing run at start and then every <paramref name="interval"/>. A failed run (storage
/// unreachable after the SDK's retries) is logged and tried again at the next interval; a conflict (a blob that
/// does not match) or a refusal (missing container, credentials, permissions) is logged as an error every interval
/// until an operator resolves it. Nothing is overwritten. With <paramref name="ourTurn"/>, a run happens only when it
/// answers true: several processes on one database then take turns instead of racing for the same segment.
/// </summary>
public sealed class AuditArchiveJob(ArchiveContainer blobs, AuditArchiveSealer sealer, TimeSpan interval, TimeProvider time, ILogger<AuditArchiveJob> logger,
    Func<CancellationToken, Task<bool>>? ourTurn = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.JobStarted(logger, blobs.Description, blobs.Container, interval);
        var containerReady = false;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                if (!containerReady)
                {
                    LogReadiness(await blobs.PrepareAsync(stoppingToken).ConfigureAwait(false));
                    containerReady = true;
                }
                if (ourTurn is null || await ourTurn(stoppingToken).ConfigureAwait(false))
                {
                    await sealer.SealAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (AuditArchiveException e)
            {
                Log.ArchiveConflict(logger, e.Message);
            }
            catch (ArchiveStorageException e) when (e.Problem == ArchiveStorageProblem.Unavailable)
            {
                Log.RunFailed(logger, e.Problem.ToString() + (e.ErrorCode is { } code ? ":" + code : string.Empty), e.Status);
            }
            catch (ArchiveStorageException e)
            {
                Log.StorageRefused(logger, e.Problem, e.Message); // our own message: status and error code, no secret
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RunFailed(logger, e.GetType().Name, 0);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private void LogReadiness(ArchiveReadiness readiness)
    {
        if (readiness.PoliciesApplied)
        {
            Log.VersionImmutabilityOn(logger, blobs.Container);
        }
        else
        {
            Log.VersionImmutabilityUnavailable(logger, blobs.Container, readiness.Checked ? readiness.VersionLevelImmutability.ToString() : "unknown (no permission to read the container)",
                readiness.ContainerPolicy, readiness.LegalHold);
        }
    }
}
