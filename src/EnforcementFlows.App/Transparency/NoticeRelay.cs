namespace EnforcementFlows.App.Transparency;

/// <summary>
/// The self-host's loop over <see cref="NoticeDelivery"/>: a pass every <see cref="Idle"/>, one process at a time (job lease).
/// Registered only when a webhook is configured; without one the queue is the record and nothing is sent.
/// </summary>
internal sealed class NoticeRelay(NoticeDelivery delivery, TimeProvider time, ILogger<NoticeRelay> logger) : BackgroundService
{
    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await delivery.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.NoticePassFailed(logger, ex.GetType().Name);
            }
            await Task.Delay(Idle, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
