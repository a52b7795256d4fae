namespace EnforcementFlows.App.Workflows;

/// <summary>
/// <c>Provider = Postgres</c>: our PostgreSQL task hub (issue 19), any number of service processes on one database.
/// Settings under <c>EnforcementFlows:Workflows:TaskHub:Postgres</c>; <c>ConnectionString</c> defaults to the domain
/// database's (<c>EnforcementFlows:Storage:ConnectionString</c>) when the domain store is PostgreSQL, with the task
/// hub's tables in their own schema (<c>Schema</c>, default <c>taskhub</c>).
/// </summary>
public sealed partial class TaskHubOptions
{
    public EnforcementFlows.TaskHub.PostgresTaskHubOptions Postgres { get; set; } = new();

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase) || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The provider's own checks (its messages name its keys). An unset connection string is not a problem here: it
    /// defaults to the domain database's at start, and start-up fails naming the key when neither is set.
    /// </summary>
    private string? PostgresProblem()
    {
        var configured = Postgres.ConnectionString;
        try
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                // A syntactically valid stand-in, only so the other keys are checked; nothing connects to it.
                Postgres.ConnectionString = "Host=localhost";
            }
            Postgres.Validate();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        finally
        {
            Postgres.ConnectionString = configured;
        }
    }
}
