using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>
/// What the policy says to do about one case. The workflow applies <see cref="Outcome"/> directly when
/// <see cref="RequiresApproval"/> is false; otherwise it asks <see cref="Approvers"/> and waits per <see cref="Deadlines"/>.
/// </summary>
public sealed record Decision
{
    public required SignalCategory Category { get; init; }

    public required double Score { get; init; }

    public required PolicyOutcome Outcome { get; init; }

    /// <summary>Set for suspensions (always) and restrictions (when the policy gives one).</summary>
    public TimeSpan? Duration { get; init; }

    public required bool RequiresApproval { get; init; }

    /// <summary>How many distinct approvers must agree: 0 when automatic, 2 for bans and protected tiers, else 1.</summary>
    public required int RequiredApprovers { get; init; }

    /// <summary>Apply a restriction now, before any approval (child safety), so harm stops while humans review.</summary>
    public required bool RestrictImmediately { get; init; }

    /// <summary>Send the approval request to the secondary roster from the start instead of after EscalateAfter.</summary>
    public required bool EscalateImmediately { get; init; }

    /// <summary>Which rule fired, in words, for reviewers and the audit record.</summary>
    public required string Rule { get; init; }

    public required string PolicyHash { get; init; }

    public required string PolicyVersion { get; init; }

    public required ApproverRoster Approvers { get; init; }

    public required ApprovalDeadlines Deadlines { get; init; }
}
