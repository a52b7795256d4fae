using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Worker;

public sealed partial class DurableWorker
{
    private async Task DispatchOrchestrationsAsync(CancellationToken stopping)
    {
        var backoff = new Backoff(_options.MaxPollInterval);
        while (!stopping.IsCancellationRequested)
        {
            var items = await ClaimOrIdleAsync(
                ct => _store.ClaimOrchestrationsAsync(_options.WorkerId, _options.OrchestrationBatchSize, _options.OrchestrationLease, ct), backoff, stopping);
            if (items is null)
            {
                break;
            }
            if (items.Count > 0)
            {
                await RunTurnsAsync(items);
            }
        }
    }

    /// <summary>Processes and commits a claimed batch. Not cancellable: a claimed batch is finished or its leases expire.</summary>
    private async Task RunTurnsAsync(IReadOnlyList<OrchestrationWorkItem> items)
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
            var committed = await _store.CommitOrchestrationsAsync(_options.WorkerId, turns, CancellationToken.None);
            for (var i = 0; i < committed.Count; i++)
            {
                if (!committed[i])
                {
                    Log.TurnLeaseLost(_logger, turns[i].InstanceId);
                }
            }
            if (crashed.Count > 0)
            {
                await _store.AbandonOrchestrationsAsync(_options.WorkerId, crashed, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            // Leases expire and the turns are redone; nothing was half-applied (each turn is atomic).
            await PauseAfterErrorAsync(ex, CancellationToken.None);
        }
    }
}
