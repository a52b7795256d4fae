using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// The task hub's retention job: every <see cref="TaskHubRetentionOptions.Interval"/> it purges finished instances
/// created before now minus <see cref="TaskHubRetentionOptions.KeepFinishedFor"/>, through the client's purge (our
/// providers purge in chunks and skip rows another process is purging, so every process may run it). Running,
/// pending and suspended instances (the sweep, cases waiting for a reviewer) are never purged.
/// </summary>
internal sealed class TaskHubRetention(DurableTaskClient client, IOptions<WorkflowEngineOptions> options, TimeProvider time, ILogger<TaskHubRetention> logger)
    : BackgroundService
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private TaskHubRetentionOptions Settings => options.Value.TaskHub.Retention;

    /// <summary>One pass: the number of instances purged.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellation)
    {
        var cutoff = time.GetUtcNow() - Settings.KeepFinishedFor;
        var purged = 0;
        while (true)
        {
            // A pass may stop early (a timeout, a chunk limit): go on until the backend says it is complete.
            var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: null, CreatedTo: cutoff, Statuses: Finished), cancellation);
            purged += result.PurgedInstanceCount;
            if (result.IsComplete != false || result.PurgedInstanceCount == 0)
            {
                break;
            }
        }
        Log.TaskHubPurged(logger, purged, cutoff);
        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.Interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NotSupportedException ex)
            {
                Log.TaskHubPurgeUnsupported(logger, ex.GetType().Name);
                return;
            }
            catch (Exception ex)
            {
                // The next interval tries again; nothing is half-purged (each chunk is one transaction).
                Log.TaskHubPurgeFailed(logger, ex.GetType().Name);
            }
        }
    }
}
