namespace EnforcementFlows.Enforcement.Actions;

/// <summary>An action that was applied to an account, with what justified it.</summary>
public sealed record AppliedAction(
    string ActionId,
    string CaseId,
    string AccountId,
    EnforcementAction Action,
    DateTimeOffset AppliedAt,
    string Reason,
    string PolicyHash)
{
    /// <summary>When a timed action ends by itself; null for permanent ones and for one-off warnings and lifts.</summary>
    public DateTimeOffset? ExpiresAt => Action.Duration is { } duration ? AppliedAt + duration : null;

    /// <summary>Whether the action still constrains the account at <paramref name="now"/> (not counting a later lift).</summary>
    public bool IsActiveAt(DateTimeOffset now) => Action.Kind switch
    {
        ActionKind.Restrict or ActionKind.Suspend or ActionKind.Ban => now >= AppliedAt && (ExpiresAt is null || now < ExpiresAt),
        _ => false,
    };
}
