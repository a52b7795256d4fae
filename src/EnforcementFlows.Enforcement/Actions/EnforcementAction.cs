using EnforcementFlows.Enforcement.Policy;

namespace EnforcementFlows.Enforcement.Actions;

/// <summary>An action to take: its kind and, for suspensions (required) and restrictions (optional), how long.</summary>
public sealed record EnforcementAction
{
    private EnforcementAction(ActionKind kind, TimeSpan? duration)
    {
        Kind = kind;
        Duration = duration;
    }

    public ActionKind Kind { get; }

    public TimeSpan? Duration { get; }

    public static EnforcementAction Warn() => new(ActionKind.Warn, null);

    /// <param name="duration">Null restricts until lifted.</param>
    public static EnforcementAction Restrict(TimeSpan? duration = null) => new(ActionKind.Restrict, CheckPositive(duration));

    public static EnforcementAction Suspend(TimeSpan duration) => new(ActionKind.Suspend, CheckPositive(duration));

    public static EnforcementAction Ban() => new(ActionKind.Ban, null);

    public static EnforcementAction Lift() => new(ActionKind.Lift, null);

    /// <summary>The action a decision calls for, or null when it dismisses.</summary>
    public static EnforcementAction? FromDecision(Decision decision) => decision.Outcome switch
    {
        PolicyOutcome.Dismiss => null,
        PolicyOutcome.Warn => Warn(),
        PolicyOutcome.Restrict => Restrict(decision.Duration),
        PolicyOutcome.Suspend => Suspend(decision.Duration ?? throw new ArgumentException("a suspend decision must carry a duration", nameof(decision))),
        PolicyOutcome.Ban => Ban(),
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.Outcome, "unknown outcome"),
    };

    private static TimeSpan? CheckPositive(TimeSpan? duration)
    {
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "an action's duration must be positive");
        }

        return duration;
    }
}
