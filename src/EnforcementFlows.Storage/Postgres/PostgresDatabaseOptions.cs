using System.Text.RegularExpressions;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>The PostgreSQL domain database; the service binds these from section "EnforcementFlows:Storage".</summary>
public sealed partial class PostgresDatabaseOptions
{
    public const string Section = "EnforcementFlows:Storage";

    /// <summary>Npgsql connection string of the database shared by every service process.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Schema holding the domain's tables (created by the first process to start); one deployment per schema.</summary>
    public string Schema { get; set; } = "enforcementflows";

    /// <summary>Writer loops per process, each with its own connection; every loop group-commits what is queued.</summary>
    public int WriterConnections { get; set; } = 2;

    /// <summary>Most write operations grouped into one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>Throws with the configuration key in the message when a setting is unusable.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString)) errors.Add($"{Section}:ConnectionString must be set.");
        if (!SchemaName().IsMatch(Schema ?? "")) errors.Add($"{Section}:Schema must be a lower-case SQL identifier (letters, digits, underscore), got '{Schema}'.");
        if (WriterConnections is < 1 or > 8) errors.Add($"{Section}:WriterConnections must be between 1 and 8.");
        if (MaxWriteBatch < 1) errors.Add($"{Section}:MaxWriteBatch must be at least 1.");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,49}$")]
    private static partial Regex SchemaName();
}
