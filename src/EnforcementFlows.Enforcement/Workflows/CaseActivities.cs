namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Names and inputs of the case workflow's activities. Each is idempotent: a redelivery changes nothing twice.</summary>
public static class CaseActivities
{
    public const string Open = "OpenCase";
    public const string Assess = "AssessCase";
    public const string AssessAndConclude = "AssessAndConcludeCase";
    public const string RequestApproval = "RequestApproval";
    public const string RecordApprovalExpired = "RecordApprovalExpired";
    public const string Apply = "ApplyAction";
    public const string Lift = "LiftAction";
    public const string Close = "CloseCase";

    /// <param name="ConcludeWith">1.2: with no collect window, the case is assessed on this signal (and concluded when no human is needed) by the opening activity.</param>
    public sealed record OpenInput(string CaseId, string AccountId, string InstanceId, Storage.SignalRef? ConcludeWith = null);
    /// <param name="Concluded">Set when the opening activity assessed the case too (no collect window, 1.2).</param>
    public sealed record CaseSettings(TimeSpan CollectWindow, Conclusion? Concluded = null);
    /// <summary>An assessment and what followed from it without a human (1.2).</summary>
    /// <param name="Action">The automatic action applied, if any.</param>
    /// <param name="ClosedAs">The status the case was closed with ("enforced", "dismissed"); null: it waits for a human.</param>
    public sealed record Conclusion(Assessment Assessment, Applied? Action, string? ClosedAs);
    public sealed record AssessInput(string CaseId, string AccountId, IReadOnlyList<Storage.SignalRef> Signals);
    public sealed record CaseRef(string CaseId, string AccountId);
    /// <param name="Interim">A restriction while humans decide: it leaves the case's status alone.</param>
    /// <param name="CloseCase">Close the case as "enforced" in the same transaction (case workflow 1.1 and later): one activity and one turn fewer.</param>
    /// <param name="DecisionPath">How the action was decided (<c>Statements.DecisionPaths</c>), for its statement of reasons; null (legacy workflow): read from the approvals.</param>
    /// <param name="Approvers">Who approved it (human path): kept with the statement so an appeal goes to someone else, never shown to the account.</param>
    public sealed record ApplyInput(string CaseId, string AccountId, string Outcome, long? DurationSeconds, string Reason, string PolicyHash, bool Interim = false,
        bool CloseCase = false, string? DecisionPath = null, IReadOnlyList<string>? Approvers = null);
    public sealed record Applied(string ActionId, DateTimeOffset AppliedAt, DateTimeOffset? ExpiresAt);
    public sealed record LiftInput(string ActionId, DateTimeOffset ExpiresAt, string? Reason = null);
    public sealed record CloseInput(string CaseId, string Status, string Reason);
}
