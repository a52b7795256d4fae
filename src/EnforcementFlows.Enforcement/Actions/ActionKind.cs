using System.Diagnostics.CodeAnalysis;

namespace EnforcementFlows.Enforcement.Actions;

/// <summary>What can be done to an account. <see cref="Lift"/> reinstates it, undoing an earlier action.</summary>
public enum ActionKind
{
    Warn,
    Restrict,
    Suspend,
    Ban,
    Lift,
}

public static class ActionKindNames
{
    public static string ToWireName(this ActionKind kind) => kind.ToString().ToLowerInvariant();

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out ActionKind? kind)
    {
        kind = wireName switch
        {
            "warn" => ActionKind.Warn,
            "restrict" => ActionKind.Restrict,
            "suspend" => ActionKind.Suspend,
            "ban" => ActionKind.Ban,
            "lift" => ActionKind.Lift,
            _ => null,
        };
        return kind is not null;
    }
}
