using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Names the case's outcomes share between the activities that conclude it and the engine that runs it.</summary>
public static class CaseConclusions
{
    /// <summary>The policy outcome that closes a case without an action.</summary>
    public const string Dismiss = "dismiss";

    /// <summary>The close reason of an enforced case.</summary>
    public static string EnforcedReason(string outcome, string actionId) => $"{outcome} applied ({actionId})";

    /// <summary>The workflow instance of an account's cases (one eternal instance per account).</summary>
    public static string InstanceIdFor(string accountId) => "case-" + accountId;
}

/// <summary>
/// A human decision on a case, raised as the "approval" event. <paramref name="Dismiss"/> (with
/// Approved = false): the reviewer found no violation, and the case closes as "dismissed". <paramref name="DecisionId"/>:
/// the id of the decision's record (the approval request, or the dashboard decision), by which the SDK workflows drop a
/// decision delivered twice.
/// </summary>
public sealed record ApprovalDecision(bool Approved, string DecidedBy, string? Comment, string? CaseId = null, bool Dismiss = false, string? DecisionId = null);

/// <summary>What the assessment activity concluded; everything the workflow branches on.</summary>
public sealed record Assessment(
    string Category,
    double Score,
    string Outcome,
    long? DurationSeconds,
    bool RequiresApproval,
    string Rule,
    string PolicyHash,
    TimeSpan ApprovalTimeout,
    string TimeoutOutcome,
    long? TimeoutDurationSeconds,
    int RequiredApprovers = 1,
    TimeSpan? ReminderAfter = null,
    TimeSpan? EscalateAfter = null,
    IReadOnlyList<string>? PrimaryApprovers = null,
    IReadOnlyList<string>? SecondaryApprovers = null,
    IReadOnlyList<string>? TopContributions = null,
    bool RestrictImmediately = false,
    bool EscalateImmediately = false);
