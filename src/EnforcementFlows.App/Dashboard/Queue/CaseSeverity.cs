namespace EnforcementFlows.App.Dashboard;

/// <summary>How severe a case's pending action is, from the action the policy proposes.</summary>
public enum CaseSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

public static class CaseSeverities
{
    public static CaseSeverity Of(string? proposedOutcome) => proposedOutcome switch
    {
        "ban" => CaseSeverity.Critical,
        "suspend" => CaseSeverity.High,
        "restrict" => CaseSeverity.Medium,
        _ => CaseSeverity.Low,
    };

    public static string ToWireName(this CaseSeverity severity) => severity.ToString().ToLowerInvariant();

    public static CaseSeverity? Parse(string? value) => Enum.TryParse<CaseSeverity>(value, ignoreCase: true, out var s) ? s : null;
}
