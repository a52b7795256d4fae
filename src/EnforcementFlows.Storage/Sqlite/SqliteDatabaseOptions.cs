namespace EnforcementFlows.Storage.Sqlite;

public sealed class SqliteDatabaseOptions
{
    /// <summary>Path of the database file; created with its directory when missing.</summary>
    public string DatabasePath { get; set; } = "data/enforcementflows.db";

    /// <summary>synchronous=FULL (default): an acknowledged commit survives power loss. Turn off only for throwaway data.</summary>
    public bool FullDurability { get; set; } = true;

    /// <summary>Most write operations grouped into one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 256;
}
