namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Configuration section "EnforcementFlows:Workflows": the Durable Task SDK workflows on the Durable Task Framework,
/// their task hub, and the relay of the domain's outbox.
/// </summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "EnforcementFlows:Workflows";

    /// <summary>Only <c>TaskHub</c>: kept so a configuration that names the engine still starts, and one naming the
    /// removed legacy runtime is told so.</summary>
    public string Engine { get; set; } = "TaskHub";

    public TaskHubOptions TaskHub { get; set; } = new();

    /// <summary>Rows the relay delivers per pass (1-1000).</summary>
    public int RelayBatchSize { get; set; } = 100;

    /// <summary>
    /// How long the relaying process holds the relay's job lease (renewed every pass): when it dies, another process
    /// takes over the relay after at most this long (1 s to 5 min).
    /// </summary>
    public TimeSpan RelayLease { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the relay sleeps when the outbox is empty.</summary>
    public TimeSpan RelayIdleDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<string> Problems()
    {
        if (string.Equals(Engine, "Legacy", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:Engine 'Legacy' was removed (issue 18): the workflows run on the Durable Task SDK; remove the setting, or set 'TaskHub'.";
        }
        else if (!string.Equals(Engine, "TaskHub", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:Engine must be 'TaskHub' (got '{Engine}').";
        }
        if (RelayBatchSize is < 1 or > 1000)
        {
            yield return $"{Section}:RelayBatchSize must be between 1 and 1000 (got {RelayBatchSize}).";
        }
        if (RelayLease < TimeSpan.FromSeconds(1) || RelayLease > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:RelayLease must be between 1 second and 5 minutes (got {RelayLease}).";
        }
        if (RelayIdleDelay <= TimeSpan.Zero || RelayIdleDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:RelayIdleDelay must be positive and at most one minute.";
        }
        foreach (var problem in TaskHub.Problems($"{Section}:TaskHub"))
        {
            yield return problem;
        }
    }
}

/// <summary>Section "EnforcementFlows:Workflows:TaskHub": the DTFx backend and its concurrency.</summary>
public sealed partial class TaskHubOptions
{
    /// <summary>
    /// <c>Sqlite</c>: our embedded provider, one file in the data directory, one process (settings under <c>Sqlite</c>).
    /// <c>Postgres</c>: our PostgreSQL provider, any number of processes (settings under <c>Postgres</c>).
    /// <c>AzureStorage</c>: Microsoft's provider (a storage account, or Azurite locally).
    /// Unset: the domain database's kind (<see cref="FollowDomainDatabase"/>).
    /// </summary>
    public string Provider { get; set; } = "";

    /// <summary>
    /// An unset provider follows the domain database: PostgreSQL when it is PostgreSQL, so that several service
    /// processes on one domain database also share one task hub (a hub each would split an account's signals
    /// between two case instances); SQLite otherwise.
    /// </summary>
    public void FollowDomainDatabase(bool domainIsPostgres)
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            Provider = domainIsPostgres ? "Postgres" : "Sqlite";
        }
    }

    /// <summary>The embedded provider's settings; <c>DatabasePath</c> defaults to <c>{DataDirectory}/taskhub.db</c>.</summary>
    public EnforcementFlows.TaskHub.SqliteTaskHubOptions Sqlite { get; set; } = new();

    /// <summary>A storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>); a secret, never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Instead of a connection string: the account name, reached with <c>DefaultAzureCredential</c> (managed identity).</summary>
    public string? AccountName { get; set; }

    /// <summary>The task hub's name: its tables, queues and containers are named after it (3-45 letters and digits).</summary>
    public string HubName { get; set; } = "enforcementflows";

    public int PartitionCount { get; set; } = 4;

    public int MaxConcurrentOrchestrations { get; set; } = 100;

    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>How long finished instances stay in the task hub (section <c>Retention</c>).</summary>
    public TaskHubRetentionOptions Retention { get; set; } = new();

    public bool IsAzureStorage => string.Equals(Provider, "AzureStorage", StringComparison.OrdinalIgnoreCase);

    /// <summary>Also when unset and not yet resolved by <see cref="FollowDomainDatabase"/> (the service always resolves it).</summary>
    public bool IsSqlite => string.IsNullOrWhiteSpace(Provider) || string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems(string section)
    {
        if (!IsAzureStorage && !IsSqlite && !IsPostgres)
        {
            yield return $"{section}:Provider must be 'Sqlite' (embedded), 'Postgres' or 'AzureStorage' (got '{Provider}').";
        }
        else if (IsAzureStorage && string.IsNullOrWhiteSpace(ConnectionString) == string.IsNullOrWhiteSpace(AccountName))
        {
            yield return $"{section}: set exactly one of ConnectionString (Azurite: UseDevelopmentStorage=true) or AccountName (DefaultAzureCredential).";
        }
        if (HubName.Length is < 3 or > 45 || !HubName.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(HubName[0]))
        {
            yield return $"{section}:HubName must be 3-45 ASCII letters and digits, starting with a letter (got '{HubName}').";
        }
        if (PartitionCount is < 1 or > 16)
        {
            yield return $"{section}:PartitionCount must be between 1 and 16 (got {PartitionCount}).";
        }
        if (MaxConcurrentOrchestrations is < 1 or > 1000 || MaxConcurrentActivities is < 1 or > 1000)
        {
            yield return $"{section}:MaxConcurrentOrchestrations and MaxConcurrentActivities must be between 1 and 1000.";
        }
        foreach (var problem in Retention.Problems($"{section}:Retention"))
        {
            yield return problem;
        }
        if (IsSqlite && SqliteProblem() is { } sqlite)
        {
            yield return sqlite;
        }
        if (IsPostgres && PostgresProblem() is { } postgres)
        {
            yield return postgres;
        }
    }

    /// <summary>The embedded provider's own checks (its messages name its keys), with the default path standing in when unset.</summary>
    private string? SqliteProblem()
    {
        var configured = Sqlite.DatabasePath;
        try
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                Sqlite.DatabasePath = "taskhub.db";
            }
            Sqlite.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        finally
        {
            Sqlite.DatabasePath = configured;
        }
    }
}
