namespace EnforcementFlows.TaskHub;

/// <summary>
/// Settings of the SQLite task hub (configuration section <c>EnforcementFlows:Workflows:TaskHub:Sqlite</c> when a
/// host binds it). <see cref="Validate"/> runs when the service is built, so a bad value stops start-up
/// with the key named, never mid-run.
/// </summary>
public sealed class SqliteTaskHubOptions
{
    public const string SectionName = "EnforcementFlows:Workflows:TaskHub:Sqlite";

    /// <summary>The database file. One process owns it (SQLite in WAL mode, one writer).</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How long a claimed orchestration session or activity stays locked without renewal; a process that dies frees its work after this.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether a starting worker that becomes the file's owner (an OS lock on "{DatabasePath}.owner" that no live process
    /// holds) releases the leases still recorded in the file: they were left by a process that died, and releasing them
    /// spares the restart a stall of <see cref="LockTimeout"/>. A worker that finds the owner lock taken leaves the leases
    /// to expire. Turn it off only where several workers share one file on purpose (tests of lease expiry).
    /// </summary>
    public bool ReleaseLeasesAtStart { get; set; } = true;

    /// <summary>The longest a fetcher sleeps between looks at the tables when no in-process wake-up arrives (work written by another process, timers).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first poll delay after an empty look; doubled up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Orchestration work items processed at once by this process.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 64;

    /// <summary>Activity work items processed at once by this process.</summary>
    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>Work items one claim takes from the database (sessions or activities); larger claims mean fewer transactions.</summary>
    public int ClaimBatchSize { get; set; } = 32;

    /// <summary>Write operations committed together in one transaction at most (group commit).</summary>
    public int MaxWritesPerCommit { get; set; } = 256;

    /// <summary>First delay before an abandoned work item is offered again; doubled per abandon up to <see cref="MaxAbandonBackoff"/>.</summary>
    public TimeSpan AbandonBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxAbandonBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>DTFx fetch loops per dispatcher.</summary>
    public int DispatcherCount { get; set; } = 1;

    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add($"{SectionName}:{nameof(DatabasePath)} is required (the SQLite file of the task hub)");
        }
        Positive(errors, nameof(LockTimeout), LockTimeout, TimeSpan.FromSeconds(1));
        Positive(errors, nameof(MinPollInterval), MinPollInterval, TimeSpan.FromMilliseconds(1));
        Positive(errors, nameof(MaxPollInterval), MaxPollInterval, TimeSpan.FromMilliseconds(1));
        if (MaxPollInterval < MinPollInterval)
        {
            errors.Add($"{SectionName}:{nameof(MaxPollInterval)} ({MaxPollInterval}) must not be shorter than {nameof(MinPollInterval)} ({MinPollInterval})");
        }
        Positive(errors, nameof(AbandonBackoff), AbandonBackoff, TimeSpan.Zero);
        if (MaxAbandonBackoff < AbandonBackoff)
        {
            errors.Add($"{SectionName}:{nameof(MaxAbandonBackoff)} ({MaxAbandonBackoff}) must not be shorter than {nameof(AbandonBackoff)} ({AbandonBackoff})");
        }
        InRange(errors, nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations, 1, 10_000);
        InRange(errors, nameof(MaxConcurrentActivities), MaxConcurrentActivities, 1, 10_000);
        InRange(errors, nameof(ClaimBatchSize), ClaimBatchSize, 1, 1_000);
        InRange(errors, nameof(MaxWritesPerCommit), MaxWritesPerCommit, 1, 10_000);
        InRange(errors, nameof(DispatcherCount), DispatcherCount, 1, 16);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid task hub settings: " + string.Join("; ", errors));
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value, TimeSpan atLeast)
    {
        if (value < atLeast || (atLeast == TimeSpan.Zero && value <= TimeSpan.Zero))
        {
            errors.Add($"{SectionName}:{key} must be at least {(atLeast == TimeSpan.Zero ? "more than 0" : atLeast.ToString())} (was {value})");
        }
    }

    private static void InRange(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{SectionName}:{key} must be between {min} and {max} (was {value})");
        }
    }
}
