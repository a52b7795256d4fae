namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Configuration section "EnforcementFlows:Workflows": which engine runs the case workflows. <c>Legacy</c> (the
/// default until issue 18 completes) is the runtime in EnforcementFlows.Durable; <c>TaskHub</c> runs the Durable Task
/// SDK workflows on the Durable Task Framework, with starts and events relayed from the domain's outbox.
/// </summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "EnforcementFlows:Workflows";

    public string Engine { get; set; } = "TaskHub";

    public bool IsTaskHub => string.Equals(Engine, "TaskHub", StringComparison.OrdinalIgnoreCase);

    public TaskHubOptions TaskHub { get; set; } = new();

    /// <summary>Rows the relay delivers per pass (1-1000).</summary>
    public int RelayBatchSize { get; set; } = 100;

    /// <summary>How long the relay sleeps when the outbox is empty.</summary>
    public TimeSpan RelayIdleDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<string> Problems()
    {
        if (!IsTaskHub && !string.Equals(Engine, "Legacy", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:Engine must be 'Legacy' or 'TaskHub' (got '{Engine}').";
        }
        if (RelayBatchSize is < 1 or > 1000)
        {
            yield return $"{Section}:RelayBatchSize must be between 1 and 1000 (got {RelayBatchSize}).";
        }
        if (RelayIdleDelay <= TimeSpan.Zero || RelayIdleDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{Section}:RelayIdleDelay must be positive and at most one minute.";
        }
        if (IsTaskHub)
        {
            foreach (var problem in TaskHub.Problems($"{Section}:TaskHub"))
            {
                yield return problem;
            }
        }
    }
}

/// <summary>Section "EnforcementFlows:Workflows:TaskHub": the DTFx backend and its concurrency.</summary>
public sealed class TaskHubOptions
{
    /// <summary>
    /// <c>Sqlite</c>: our embedded provider, one file in the data directory, one process (issue 19; settings under
    /// <c>Sqlite</c>). <c>AzureStorage</c>: Microsoft's provider (a storage account, or Azurite locally).
    /// </summary>
    public string Provider { get; set; } = "Sqlite";

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

    public bool IsAzureStorage => string.Equals(Provider, "AzureStorage", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems(string section)
    {
        if (!IsAzureStorage && !IsSqlite)
        {
            yield return $"{section}:Provider must be 'Sqlite' (embedded) or 'AzureStorage' (got '{Provider}').";
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
        if (IsSqlite && SqliteProblem() is { } sqlite)
        {
            yield return sqlite;
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
