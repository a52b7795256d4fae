using EnforcementFlows.Durable.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Durable.Worker;

/// <summary>Configuration section "Durable:Retention".</summary>
public sealed class RetentionOptions
{
    public const string Section = "Durable:Retention";

    /// <summary>Finished instances older than this are purged.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Instances deleted per transaction, so a large backlog does not hold the write lock long.</summary>
    public int BatchSize { get; set; } = 500;
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
        => o.MaxAge <= TimeSpan.Zero ? ValidateOptionsResult.Fail($"{RetentionOptions.Section}:MaxAge must be positive.")
        : o.Interval <= TimeSpan.Zero ? ValidateOptionsResult.Fail($"{RetentionOptions.Section}:Interval must be positive.")
        : o.BatchSize < 1 ? ValidateOptionsResult.Fail($"{RetentionOptions.Section}:BatchSize must be at least 1.")
        : ValidateOptionsResult.Success;
}

/// <summary>Periodically purges finished instances older than <see cref="RetentionOptions.MaxAge"/>.</summary>
public sealed class RetentionSweeper(IDurableStore store, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger)
    : BackgroundService
{
    /// <summary>One sweep: purges in batches until nothing old is left. Returns how many were purged.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellation)
    {
        var o = options.Value;
        var cutoff = time.GetUtcNow() - o.MaxAge;
        var total = 0;
        int purged;
        do
        {
            purged = await store.PurgeFinishedBeforeAsync(cutoff, o.BatchSize, cancellation);
            total += purged;
        }
        while (purged == o.BatchSize);
        if (total > 0)
        {
            Log.RetentionPurged(logger, total, cutoff);
        }
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.RetentionFailed(logger, ex);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
