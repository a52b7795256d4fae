using Microsoft.Extensions.Options;

namespace EnforcementFlows.Durable;

/// <summary>Configuration section "Durable:Worker".</summary>
public sealed class DurableWorkerOptions
{
    public const string Section = "Durable:Worker";

    /// <summary>Unique per process; leases are owned by it. Defaults to host name + process id + random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>False for a process that only serves the API: it starts and signals workflows, other processes run them.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Loops that claim and run orchestration turns; two keep the store busy while one computes.</summary>
    public int OrchestrationDispatchers { get; set; } = 2;

    /// <summary>Most instances claimed at once by one dispatcher.</summary>
    public int OrchestrationBatchSize { get; set; } = 64;

    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>The activity limit while <see cref="ForegroundLoad"/> reports many requests waiting (intake bursts).</summary>
    public int MaxConcurrentActivitiesUnderLoad { get; set; } = 8;

    /// <summary>The orchestration batch size while <see cref="ForegroundLoad"/> reports many requests waiting.</summary>
    public int OrchestrationBatchSizeUnderLoad { get; set; } = 8;

    /// <summary>How long a claimed turn stays ours; a crashed worker's turns are picked up after this.</summary>
    public TimeSpan OrchestrationLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claimed activity stays ours; renewed at a third of it while running.</summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest sleep between polls when idle (work from other processes, expired leases).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for running activities before leaving them to be redelivered.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class DurableWorkerOptionsValidator : IValidateOptions<DurableWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableWorkerOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.WorkerId)) errors.Add($"{DurableWorkerOptions.Section}:WorkerId must not be empty.");
        if (o.OrchestrationDispatchers < 1) errors.Add($"{DurableWorkerOptions.Section}:OrchestrationDispatchers must be at least 1.");
        if (o.OrchestrationBatchSize < 1) errors.Add($"{DurableWorkerOptions.Section}:OrchestrationBatchSize must be at least 1.");
        if (o.MaxConcurrentActivities < 1) errors.Add($"{DurableWorkerOptions.Section}:MaxConcurrentActivities must be at least 1.");
        if (o.MaxConcurrentActivitiesUnderLoad < 1) errors.Add($"{DurableWorkerOptions.Section}:MaxConcurrentActivitiesUnderLoad must be at least 1.");
        if (o.OrchestrationBatchSizeUnderLoad < 1) errors.Add($"{DurableWorkerOptions.Section}:OrchestrationBatchSizeUnderLoad must be at least 1.");
        if (o.OrchestrationLease < TimeSpan.FromMilliseconds(200)) errors.Add($"{DurableWorkerOptions.Section}:OrchestrationLease must be at least 200 ms.");
        if (o.ActivityLease < TimeSpan.FromMilliseconds(300)) errors.Add($"{DurableWorkerOptions.Section}:ActivityLease must be at least 300 ms.");
        if (o.MaxPollInterval <= TimeSpan.Zero) errors.Add($"{DurableWorkerOptions.Section}:MaxPollInterval must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
