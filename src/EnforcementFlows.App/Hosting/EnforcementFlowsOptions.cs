using System.ComponentModel.DataAnnotations;

namespace EnforcementFlows.App.Hosting;

/// <summary>Configuration section "EnforcementFlows" (environment: EnforcementFlows__...).</summary>
public sealed class EnforcementFlowsOptions
{
    public const string Section = "EnforcementFlows";

    /// <summary>Where the embedded database and the email outbox live. Relative paths are under the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public StorageOptions Storage { get; set; } = new();

    public string DataPath(string file) => Path.Combine(Path.GetFullPath(DataDirectory), file);
}

public sealed class StorageOptions
{
    /// <summary>"Sqlite" (embedded default, one process) or "Postgres" (several processes share one database).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite: a file path (default: {DataDirectory}/enforcementflows.db). Postgres: an Npgsql connection string (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Postgres: the schema holding the workflow and enforcement tables, created by the first process to start.</summary>
    public string Schema { get; set; } = "enforcementflows";

    /// <summary>Postgres: connections this process commits through (group commit runs on each), 1 to 8.</summary>
    public int WriterConnections { get; set; } = 2;

    public bool IsSqlite => Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);

    public bool IsPostgres => Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
}
