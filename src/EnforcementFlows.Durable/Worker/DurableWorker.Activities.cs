using System.Collections.Concurrent;
using System.Threading.Channels;
using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Durable.Worker;

public sealed partial class DurableWorker
{
    private readonly ConcurrentDictionary<long, ActivityWorkItem> _running = new();
    private static readonly TimeSpan UnderLoadRecheck = TimeSpan.FromMilliseconds(100);

    private async Task DispatchActivitiesAsync(CancellationToken stopping)
    {
        var results = Channel.CreateUnbounded<(ActivityWorkItem Item, ActivityResult Result)>(new UnboundedChannelOptions { SingleReader = true });
        var slotFreed = new WorkSignal();
        using var renewStop = new CancellationTokenSource();
        var completer = Task.Run(() => CompleteActivitiesAsync(results.Reader, slotFreed), CancellationToken.None);
        var renewer = Task.Run(() => RenewLeasesAsync(renewStop.Token), CancellationToken.None);
        var backoff = new Backoff(_options.MaxPollInterval);

        while (!stopping.IsCancellationRequested)
        {
            var slot = slotFreed.Next;
            var underLoad = _foreground.IsBusy;
            var free = Limit(_options.MaxConcurrentActivities, _options.MaxConcurrentActivitiesUnderLoad, underLoad) - _running.Count;
            if (free <= 0)
            {
                try
                {
                    // Under load, look again soon: when the burst ends the full limit applies without waiting for a slot.
                    await (underLoad ? slot.WaitAsync(UnderLoadRecheck, _time, stopping) : slot.WaitAsync(stopping));
                }
                catch (TimeoutException)
                {
                }
                catch (OperationCanceledException)
                {
                }
                continue;
            }
            var items = await ClaimOrIdleAsync(ct => _store.ClaimActivitiesAsync(_options.WorkerId, free, _options.ActivityLease, ct), backoff, stopping);
            if (items is null)
            {
                break;
            }
            foreach (var item in items)
            {
                _running[item.Id] = item;
                _ = Task.Run(async () =>
                {
                    var result = await _activities.RunAsync(item, stopping);
                    if (result is not null)
                    {
                        results.Writer.TryWrite((item, result));
                    }
                    else
                    {
                        _running.TryRemove(item.Id, out _);
                        slotFreed.Set();
                    }
                }, CancellationToken.None);
            }
        }

        // Let running activities finish (their results are committed), up to the grace period.
        var deadline = _time.GetUtcNow() + _options.ShutdownGracePeriod;
        while (!_running.IsEmpty && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(20, CancellationToken.None);
        }
        results.Writer.TryComplete();
        await completer;
        await renewStop.CancelAsync();
        await renewer;
    }

    private async Task CompleteActivitiesAsync(ChannelReader<(ActivityWorkItem Item, ActivityResult Result)> reader, WorkSignal slotFreed)
    {
        var batch = new List<(ActivityWorkItem Item, ActivityResult Result)>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < 512 && reader.TryRead(out var r))
            {
                batch.Add(r);
            }
            try
            {
                var committed = await _store.CompleteActivitiesAsync(_options.WorkerId, batch.Select(b => b.Result).ToList(), CancellationToken.None);
                for (var i = 0; i < committed.Count; i++)
                {
                    if (!committed[i])
                    {
                        Log.ActivityLeaseLost(_logger, batch[i].Item.Name, batch[i].Item.LogicalId, batch[i].Item.InstanceId);
                    }
                }
            }
            catch (Exception ex)
            {
                // The calls stay leased to us until expiry, then run again: at-least-once.
                await PauseAfterErrorAsync(ex, CancellationToken.None);
            }
            foreach (var (item, _) in batch)
            {
                _running.TryRemove(item.Id, out _);
            }
            slotFreed.Set();
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stop)
    {
        var period = _options.ActivityLease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, stop);
                await _store.RenewActivityLeasesAsync(_options.WorkerId, _running.Keys.ToList(), _options.ActivityLease, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                await PauseAfterErrorAsync(ex, stop);
            }
        }
    }
}
