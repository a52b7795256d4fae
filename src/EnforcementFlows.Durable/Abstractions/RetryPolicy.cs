namespace EnforcementFlows.Durable;

/// <summary>Retry for activity and sub-orchestration calls; the waits are durable timers.</summary>
public sealed record RetryPolicy
{
    public RetryPolicy(int maxAttempts, TimeSpan firstRetryInterval, double backoffCoefficient = 2.0, TimeSpan? maxRetryInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxAttempts = maxAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
    }

    public int MaxAttempts { get; }
    public TimeSpan FirstRetryInterval { get; }
    public double BackoffCoefficient { get; }
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Which failures are worth retrying; null retries every failure.</summary>
    public Func<TaskFailureDetails, bool>? Handle { get; init; }

    /// <summary>Delay before attempt <paramref name="failedAttempt"/> + 1.</summary>
    public TimeSpan DelayAfter(int failedAttempt)
    {
        var ms = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, failedAttempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxRetryInterval.TotalMilliseconds));
    }
}

/// <summary>Options for one call from an orchestrator.</summary>
public sealed record TaskOptions(RetryPolicy? Retry = null)
{
    public static TaskOptions WithRetry(RetryPolicy policy) => new(policy);
}
