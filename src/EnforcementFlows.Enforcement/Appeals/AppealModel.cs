namespace EnforcementFlows.Enforcement.Appeals;

/// <summary>The start of an appeal's review: everything the orchestration needs to find the rest.</summary>
public sealed record AppealInput(string AppealId, string StatementId, string ActionId, string CaseId, string AccountId);

/// <summary>Who reviews the appeal and by when, read once by the orchestration (so a replay sees the same).</summary>
/// <param name="Primary">Reviewers first asked: the policy's approvers for the category, minus everyone who decided the original case.</param>
/// <param name="Secondary">Asked on escalation, with the same exclusion.</param>
/// <param name="TimeoutOutcome"><c>uphold</c> or <c>overturn</c>: what happens when no human decides in time.</param>
public sealed record AppealSettings(IReadOnlyList<string> Primary, IReadOnlyList<string> Secondary, TimeSpan ReminderAfter, TimeSpan EscalateAfter,
    TimeSpan TimeoutAfter, string TimeoutOutcome, string Category, string Action);

/// <param name="Overturn">True: reverse the action; false: uphold it.</param>
/// <param name="DecidedBy">The reviewer; null when nobody decided (the timeout outcome).</param>
public sealed record AppealConclusion(string AppealId, bool Overturn, string? DecidedBy, string Reason, bool TimedOut);

public sealed record AppealResult(string AppealId, string Status, string? ReversalActionId);

public static class AppealOutcomes
{
    public const string Uphold = "uphold";
    public const string Overturn = "overturn";
}
