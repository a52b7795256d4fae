namespace EnforcementFlows.Enforcement.Approvals;

public enum ApprovalEmailKind
{
    Request,
    Reminder,
    Escalation,
}

/// <summary>
/// Everything an approval email shows. Text fields are raw (unescaped): the renderer escapes them.
/// The two links carry the approver's token; they must never be logged.
/// </summary>
public sealed record ApprovalEmail(
    string To,
    ApprovalEmailKind Kind,
    string CaseId,
    string AccountId,
    string Category,
    double Score,
    IReadOnlyList<string> TopContributions,
    IReadOnlyList<string> EvidenceExcerpts,
    string ProposedAction,
    string? Duration,
    Uri ApproveUrl,
    Uri RejectUrl,
    DateTimeOffset ExpiresAt);

/// <summary>Delivers approval emails (SMTP, or a pickup directory by default).</summary>
public interface IApprovalNotifier
{
    Task SendAsync(ApprovalEmail email, CancellationToken cancellation);
}
