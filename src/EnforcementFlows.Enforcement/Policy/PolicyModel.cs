using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>From <see cref="MinScore"/> upward (until the next threshold) the policy proposes <see cref="Outcome"/>.</summary>
public sealed record PolicyThreshold(double MinScore, PolicyOutcome Outcome, TimeSpan? Duration, bool RequiresApproval);

/// <summary>Who may approve: primary approvers first, secondary ones on escalation.</summary>
public sealed record ApproverRoster(IReadOnlyList<string> Primary, IReadOnlyList<string> Secondary);

/// <summary>
/// How long an approval may wait: a reminder, then escalation to the secondary roster, then the final
/// outcome is applied without a human (never a ban: the loader refuses that).
/// </summary>
public sealed record ApprovalDeadlines(
    TimeSpan ReminderAfter,
    TimeSpan EscalateAfter,
    TimeSpan TimeoutAfter,
    PolicyOutcome OutcomeOnTimeout,
    TimeSpan? DurationOnTimeout);

public sealed record CategoryPolicy(
    SignalCategory Category,
    IReadOnlyList<PolicyThreshold> Thresholds,
    ApproverRoster Approvers,
    ApprovalDeadlines Deadlines);
