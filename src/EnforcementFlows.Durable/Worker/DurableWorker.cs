using EnforcementFlows.Durable.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Durable.Worker;

/// <summary>
/// Claims and runs work from the store: orchestration turns in batches (several dispatchers),
/// activities concurrently with results committed in groups, and lease renewal for long activities.
/// </summary>
public sealed partial class DurableWorker : BackgroundService
{
    private readonly IDurableStore _store;
    private readonly DurableWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TurnProcessor _turns;
    private readonly ActivityRunner _activities;
    private readonly WorkSignal _signal = new();
    private readonly ForegroundLoad _foreground;

    public DurableWorker(IDurableStore store, DurableTaskRegistry registry, IServiceProvider services, IOptions<DurableWorkerOptions> options,
        TimeProvider time, ILogger<DurableWorker> logger, ForegroundLoad foreground)
    {
        _foreground = foreground;
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _turns = new TurnProcessor(registry, services, time, logger);
        _activities = new ActivityRunner(registry, services, logger);
    }

    public string WorkerId => _options.WorkerId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _store.InitializeAsync(stoppingToken);
        if (!_options.Enabled)
        {
            // An API-only process: it starts and signals workflows, other processes run them.
            Log.WorkerDisabled(_logger, _options.WorkerId);
            return;
        }
        _store.WorkEnqueued += _signal.Set;
        Log.WorkerStarted(_logger, _options.WorkerId, _options.OrchestrationDispatchers, _options.MaxConcurrentActivities);
        try
        {
            var loops = Enumerable.Range(0, _options.OrchestrationDispatchers)
                .Select(i => Task.Run(() => DispatchOrchestrationsAsync(i, stoppingToken), CancellationToken.None))
                .Append(Task.Run(() => DispatchActivitiesAsync(stoppingToken), CancellationToken.None));
            await Task.WhenAll(loops);
        }
        finally
        {
            _store.WorkEnqueued -= _signal.Set;
            Log.WorkerStopped(_logger, _options.WorkerId);
        }
    }

    /// <summary>Sleeps until local work is signalled, a known timer or lease comes due, or the poll interval passes.</summary>
    private async Task IdleAsync(Task signalled, TimeSpan backoff, CancellationToken stopping)
    {
        var wait = backoff;
        try
        {
            // Asking costs the store a look at every waiting instance; right after work a short nap is
            // cheaper, and a timer due inside it fires at most that late.
            if (backoff > ShortNap && await _store.GetNextWakeUpAsync(stopping) is { } next)
            {
                var untilNext = next - _time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
                wait = untilNext < wait ? untilNext : wait;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Waking early costs one poll; not knowing the next timer is not fatal.
        }
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(wait, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        try
        {
            await signalled.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Claims work. Nothing to do: sleeps (growing the back-off) and returns empty. Store error:
    /// pauses and returns empty. Stopping: null.
    /// </summary>
    private async Task<IReadOnlyList<T>?> ClaimOrIdleAsync<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> claim, Backoff backoff, CancellationToken stopping)
    {
        var signalled = _signal.Next;
        IReadOnlyList<T> items;
        try
        {
            items = await claim(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            await PauseAfterErrorAsync(ex, stopping);
            return [];
        }
        if (items.Count == 0)
        {
            await IdleAsync(signalled, backoff.Current, stopping);
            backoff.Grow();
        }
        else
        {
            backoff.Reset();
        }
        return items;
    }

    private static readonly TimeSpan ShortNap = TimeSpan.FromMilliseconds(40);

    /// <summary>Poll interval when idle: 10 ms doubling up to the configured maximum.</summary>
    private sealed class Backoff(TimeSpan max)
    {
        private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);

        public TimeSpan Current { get; private set; } = First;

        public void Grow() => Current = Current * 2 > max ? max : Current * 2;

        public void Reset() => Current = First;
    }

    private async Task PauseAfterErrorAsync(Exception ex, CancellationToken stopping)
    {
        const int delayMs = 500;
        Log.StoreCallFailed(_logger, ex, _options.WorkerId, delayMs);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delayMs), _time, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
