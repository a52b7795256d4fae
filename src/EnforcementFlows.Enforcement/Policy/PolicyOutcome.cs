using System.Diagnostics.CodeAnalysis;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>What a policy decides to do; declared from least to most severe.</summary>
public enum PolicyOutcome
{
    Dismiss,
    Warn,
    Restrict,
    Suspend,
    Ban,
}

public static class PolicyOutcomeNames
{
    public static string ToWireName(this PolicyOutcome outcome) => outcome.ToString().ToLowerInvariant();

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out PolicyOutcome? outcome)
    {
        outcome = wireName switch
        {
            "dismiss" => PolicyOutcome.Dismiss,
            "warn" => PolicyOutcome.Warn,
            "restrict" => PolicyOutcome.Restrict,
            "suspend" => PolicyOutcome.Suspend,
            "ban" => PolicyOutcome.Ban,
            _ => null,
        };
        return outcome is not null;
    }
}
