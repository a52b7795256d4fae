using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Worker;

public sealed partial class DurableWorker
{
    /// <summary>
    /// One dispatcher loop. Its leases carry an owner of its own (worker id + loop number): when a slow
    /// batch outlives its lease and a sibling loop of the same process reclaims an instance, the slow
    /// loop's commit must find the lease lost, or both would append the same turn.
    /// </summary>
    private async Task DispatchOrchestrationsAsync(int dispatcher, CancellationToken stopping)
    {
        var owner = $"{_options.WorkerId}/o{dispatcher}";
        var backoff = new Backoff(_options.MaxPollInterval);
        while (!stopping.IsCancellationRequested)
        {
            var items = await ClaimOrIdleAsync(
                ct => _store.ClaimOrchestrationsAsync(owner, BatchSize(), _options.OrchestrationLease, ct), backoff, stopping);
            if (items is null)
            {
                break;
            }
            if (items.Count > 0)
            {
                await RunTurnsAsync(owner, items);
            }
        }
    }

    private int BatchSize() => Limit(_options.OrchestrationBatchSize, _options.OrchestrationBatchSizeUnderLoad, _foreground.IsBusy);

    /// <summary>The configured limit, or its under-load value (never above the limit) while foreground requests wait.</summary>
    private static int Limit(int full, int underLoad, bool busy) => busy ? Math.Min(underLoad, full) : full;

    /// <summary>Processes and commits a claimed batch. Not cancellable: a claimed batch is finished or its leases expire.</summary>
    private async Task RunTurnsAsync(string owner, IReadOnlyList<OrchestrationWorkItem> items)
    {
        var turns = new List<OrchestrationTurn>(items.Count);
        var crashed = new List<string>();
        foreach (var item in items)
        {
            try
            {
                turns.Add(_turns.Process(item));
            }
            catch (Exception ex)
            {
                Log.TurnCrashed(_logger, ex, item.InstanceId);
                crashed.Add(item.InstanceId);
            }
        }
        try
        {
            var committed = await _store.CommitOrchestrationsAsync(owner, turns, CancellationToken.None);
            for (var i = 0; i < committed.Count; i++)
            {
                if (!committed[i])
                {
                    Log.TurnLeaseLost(_logger, turns[i].InstanceId);
                }
            }
            if (crashed.Count > 0)
            {
                await _store.AbandonOrchestrationsAsync(owner, crashed, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // Leases expire and the turns are redone; nothing was half-applied (each turn is atomic).
            await PauseAfterErrorAsync(ex, CancellationToken.None);
        }
    }
}
