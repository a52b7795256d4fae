namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Section "EnforcementFlows:Workflows:TaskHub:Retention": how long the task hub keeps the history of finished
/// workflow instances. The case record, its decisions and the audit trail live in the domain database and are
/// never touched by this; only the task hub's instance rows, histories and leftover messages go.
/// </summary>
public sealed class TaskHubRetentionOptions
{
    /// <summary>Whether this process purges finished instances on a schedule (every process may: purges skip rows another is purging).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Finished (completed, failed, terminated) instances created longer ago than this are purged (1 hour to 10 years).</summary>
    public TimeSpan KeepFinishedFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the purge runs (1 minute to 1 day); the first pass runs one interval after start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Problems(string section)
    {
        if (KeepFinishedFor < TimeSpan.FromHours(1) || KeepFinishedFor > TimeSpan.FromDays(3650))
        {
            yield return $"{section}:KeepFinishedFor must be between 1 hour and 10 years (got {KeepFinishedFor}).";
        }
        if (Interval < TimeSpan.FromMinutes(1) || Interval > TimeSpan.FromDays(1))
        {
            yield return $"{section}:Interval must be between 1 minute and 1 day (got {Interval}).";
        }
    }
}
