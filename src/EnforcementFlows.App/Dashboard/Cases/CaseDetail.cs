using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard;

public sealed record Contribution(string Name, double Input, double Value);

public sealed record Evidence(string Kind, string SignalId, string Category, string? Reporter, string Text, DateTimeOffset ReceivedAt);

public sealed record ApprovalRequestView(string RequestId, string Approver, string Stage, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SentAt,
    DateTimeOffset? UsedAt, string? Decision, string? Comment, DateTimeOffset? SupersededAt)
{
    public string State => UsedAt is not null ? Decision ?? "used" : SupersededAt is not null ? "superseded" : "pending";
}

/// <summary>Everything the case page shows.</summary>
public sealed record CaseDetail(
    CaseView Case,
    string ProposedOutcome,
    long? DurationSeconds,
    int RequiredApprovers,
    string? Rule,
    string? PolicyHash,
    string? ModelVersion,
    IReadOnlyList<Contribution> Contributions,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<ApprovalRequestView> Approvals,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<CaseNote> Notes,
    IReadOnlyList<AuditRecord> Timeline,
    CaseClaim? Claim,
    HumanProposal? Proposal,
    DateTimeOffset? DeadlineAt)
{
    public bool AwaitingDecision => Case.Status == "awaiting_approval";

    /// <summary>The statements of reasons of the case's actions (DSA Art. 17).</summary>
    public IReadOnlyList<EnforcementFlows.Enforcement.Statements.StatementOfReasons> Statements { get; init; } = [];
}
