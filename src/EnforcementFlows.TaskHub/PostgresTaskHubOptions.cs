using System.Text.RegularExpressions;

namespace EnforcementFlows.TaskHub;

/// <summary>
/// Settings of the PostgreSQL task hub (configuration section <c>EnforcementFlows:Workflows:TaskHub:Postgres</c> when
/// a host binds it). <see cref="Validate"/> runs when the service is built, so a bad value stops start-up with the key
/// named, never mid-run. Any number of processes may share one database and schema.
/// </summary>
public sealed partial class PostgresTaskHubOptions
{
    public const string SectionName = "EnforcementFlows:Workflows:TaskHub:Postgres";

    /// <summary>An Npgsql connection string; the role needs to create a schema and tables in it (migrations run at start).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The schema the task hub's tables live in; several hubs (or test classes) can share a database with different schemas.</summary>
    public string Schema { get; set; } = "taskhub";

    /// <summary>How long a claimed orchestration session or activity stays locked without renewal; a process that dies frees its work after this.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a fetcher sleeps between looks at the tables when no wake-up (in-process or LISTEN/NOTIFY) arrives.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The first poll delay after an empty look; doubled up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    public int MaxConcurrentOrchestrations { get; set; } = 64;

    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>Work items one claim takes (sessions or activities); larger claims mean fewer transactions.</summary>
    public int ClaimBatchSize { get; set; } = 32;

    /// <summary>Write operations committed together in one transaction at most (group commit).</summary>
    public int MaxWritesPerCommit { get; set; } = 256;

    /// <summary>Writer connections of this process, each committing its own groups; two keep one commit's fsync from stalling every write.</summary>
    public int WriterConnections { get; set; } = 2;

    public TimeSpan AbandonBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxAbandonBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public int DispatcherCount { get; set; } = 1;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();

    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{SectionName}:{nameof(ConnectionString)} is required (the PostgreSQL database of the task hub)");
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                // The message names the bad keyword, never the password.
                errors.Add($"{SectionName}:{nameof(ConnectionString)} is not a valid Npgsql connection string ({ex.Message})");
            }
        }
        if (!PlainIdentifier().IsMatch(Schema ?? ""))
        {
            // Plain identifiers need no quoting anywhere (SQL text, the NOTIFY channel).
            errors.Add($"{SectionName}:{nameof(Schema)} must be a lower-case identifier (a-z, 0-9, _; at most 63 characters), was '{Schema}'");
        }
        Check(errors, LockTimeout >= TimeSpan.FromSeconds(1), nameof(LockTimeout), $"must be at least 1 s (was {LockTimeout})");
        Check(errors, MinPollInterval >= TimeSpan.FromMilliseconds(1), nameof(MinPollInterval), $"must be at least 1 ms (was {MinPollInterval})");
        Check(errors, MaxPollInterval >= MinPollInterval && MaxPollInterval >= TimeSpan.FromMilliseconds(1), nameof(MaxPollInterval), $"must be at least 1 ms and not shorter than {nameof(MinPollInterval)} (was {MaxPollInterval})");
        Check(errors, AbandonBackoff > TimeSpan.Zero, nameof(AbandonBackoff), $"must be more than 0 (was {AbandonBackoff})");
        Check(errors, MaxAbandonBackoff >= AbandonBackoff, nameof(MaxAbandonBackoff), $"must not be shorter than {nameof(AbandonBackoff)} (was {MaxAbandonBackoff})");
        InRange(errors, nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations, 1, 10_000);
        InRange(errors, nameof(MaxConcurrentActivities), MaxConcurrentActivities, 1, 10_000);
        InRange(errors, nameof(ClaimBatchSize), ClaimBatchSize, 1, 1_000);
        InRange(errors, nameof(MaxWritesPerCommit), MaxWritesPerCommit, 1, 10_000);
        InRange(errors, nameof(WriterConnections), WriterConnections, 1, 16);
        InRange(errors, nameof(DispatcherCount), DispatcherCount, 1, 16);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid task hub settings: " + string.Join("; ", errors));
        }
    }

    private static void Check(List<string> errors, bool ok, string key, string message)
    {
        if (!ok)
        {
            errors.Add($"{SectionName}:{key} {message}");
        }
    }

    private static void InRange(List<string> errors, string key, int value, int min, int max) =>
        Check(errors, value >= min && value <= max, key, $"must be between {min} and {max} (was {value})");
}
