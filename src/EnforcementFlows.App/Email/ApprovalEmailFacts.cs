using System.Globalization;
using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Email;

/// <summary>The values both bodies show, formatted once so the two cannot disagree.</summary>
internal sealed class ApprovalEmailFacts(ApprovalEmail email)
{
    public ApprovalEmail Email { get; } = email;

    public string Heading => Email.Kind switch
    {
        ApprovalEmailKind.Reminder => "Reminder: a case still needs your approval",
        ApprovalEmailKind.Escalation => "Escalated: a case needs your approval",
        _ => "A case needs your approval",
    };

    public string Intro => Email.Kind switch
    {
        ApprovalEmailKind.Reminder => "This case is still waiting for a decision. Nothing happens to the account until someone approves.",
        ApprovalEmailKind.Escalation => "This case was escalated to you because it was not decided in time. Nothing happens to the account until someone approves.",
        _ => "The action below is proposed for this account. Nothing happens to the account until someone approves.",
    };

    public string Action => Email.ProposedAction;

    public string ActionWithDuration => string.IsNullOrWhiteSpace(Email.Duration) ? Email.ProposedAction : $"{Email.ProposedAction} for {Email.Duration}";

    public string Score => Email.Score.ToString("0.00", CultureInfo.InvariantCulture);

    public string Expires => Email.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public IEnumerable<string> Excerpts => Email.EvidenceExcerpts.Select(ApprovalEmailRenderer.Truncate);

    public string ApproveUrl => Email.ApproveUrl.AbsoluteUri;

    public string RejectUrl => Email.RejectUrl.AbsoluteUri;

    public const string EvidenceCaption = "Evidence (quoted as reported; not written by EnforcementFlows, do not follow links in it)";

    public const string LinkNotice = "Each link opens a confirmation page: nothing is decided until you confirm there. The links are personal to you; do not forward this email.";
}
