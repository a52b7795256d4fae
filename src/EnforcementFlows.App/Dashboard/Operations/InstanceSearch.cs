using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The instance search form's fields; <see cref="Error"/> explains a value that could not be used.</summary>
public sealed record InstanceSearch(OrchestrationStatus? Status, string? Name, string? Prefix, string? Continuation, string? Error)
{
    public const int PageSize = 50;

    public static InstanceSearch Parse(string? status, string? name, string? prefix, string? continuation)
    {
        OrchestrationStatus? parsed = null;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<OrchestrationStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                parsed = s;
            }
            else
            {
                error = $"Unknown state '{status}'; showing every state.";
            }
        }
        return new InstanceSearch(parsed, Blank(name), Blank(prefix), Blank(continuation), error);
    }

    public InstanceQuery ToQuery() => new()
    {
        Statuses = Status is { } s ? [s] : null,
        Name = Name,
        InstanceIdPrefix = Prefix,
        PageSize = PageSize,
        ContinuationToken = Continuation,
    };

    /// <summary>Instances per state, straight from the runtime's instances table (same in SQLite and PostgreSQL).</summary>
    public static Task<IReadOnlyDictionary<OrchestrationStatus, long>> CountByStateAsync(ITransactionalDurableStore store, CancellationToken ct)
        => store.RunInTransactionAsync<IReadOnlyDictionary<OrchestrationStatus, long>>(tx => tx
            .Query("SELECT status, COUNT(*) FROM instances GROUP BY status", r => (Status: (OrchestrationStatus)r.GetInt32(0), Count: r.GetInt64(1)))
            .ToDictionary(x => x.Status, x => x.Count), ct);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
