using EnforcementFlows.App.Workflows;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The instance search form's fields; <see cref="Error"/> explains a value that could not be used.</summary>
public sealed record InstanceSearch(string? Status, string? Name, string? Prefix, string? Continuation, string? Error)
{
    public const int PageSize = 50;

    /// <summary>The states the dashboard offers (the Durable Task runtime statuses an instance can be in).</summary>
    public static readonly IReadOnlyList<string> States = ["Pending", "Running", "Suspended", "Completed", "Failed", "Terminated"];

    public static InstanceSearch Parse(string? status, string? name, string? prefix, string? continuation)
    {
        string? parsed = null;
        string? error = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            parsed = States.FirstOrDefault(s => string.Equals(s, status.Trim(), StringComparison.OrdinalIgnoreCase));
            if (parsed is null)
            {
                error = $"Unknown state '{status}'; showing every state.";
            }
        }
        return new InstanceSearch(parsed, Blank(name), Blank(prefix), Blank(continuation), error);
    }

    public InstanceFilter ToFilter() => new(Status is { } s ? [s] : null, Name, Prefix, PageSize, Continuation);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
