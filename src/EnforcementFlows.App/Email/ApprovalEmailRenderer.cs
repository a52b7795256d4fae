using System.Globalization;
using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Email;

/// <summary>An approval email ready to send: the plain-text and HTML bodies say the same thing.</summary>
public sealed record RenderedApprovalEmail(string Subject, string Text, string Html);

/// <summary>
/// Turns an <see cref="ApprovalEmail"/> into a subject and two bodies (multipart/alternative).
/// Evidence is written by whoever reported the account, so it is escaped, truncated and quoted
/// as untrusted; the HTML has no scripts and loads nothing from outside.
/// </summary>
public static class ApprovalEmailRenderer
{
    /// <summary>Longer excerpts are cut here: enough to judge, short enough to read in a mail client.</summary>
    public const int MaxExcerptLength = 500;

    public static RenderedApprovalEmail Render(ApprovalEmail email)
    {
        RequireWebLink(email.ApproveUrl, nameof(email.ApproveUrl));
        RequireWebLink(email.RejectUrl, nameof(email.RejectUrl));
        var facts = new ApprovalEmailFacts(email);
        return new RenderedApprovalEmail(Subject(email, facts), ApprovalEmailText.Render(facts), ApprovalEmailHtml.Render(facts));
    }

    private static string Subject(ApprovalEmail email, ApprovalEmailFacts facts)
    {
        var prefix = email.Kind switch
        {
            ApprovalEmailKind.Reminder => "[Reminder] ",
            ApprovalEmailKind.Escalation => "[Escalated] ",
            _ => "",
        };
        // A header must be one line: ids and categories come from outside and could carry CR/LF.
        return OneLine($"{prefix}Approval needed: {facts.Action} account {email.AccountId} ({email.Category}, case {email.CaseId})");
    }

    internal static string OneLine(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) ? ' ' : c));

    internal static string Truncate(string excerpt)
    {
        if (excerpt.Length <= MaxExcerptLength)
        {
            return excerpt;
        }
        var cut = char.IsHighSurrogate(excerpt[MaxExcerptLength - 1]) ? MaxExcerptLength - 1 : MaxExcerptLength;
        return excerpt[..cut].TrimEnd() + "…";
    }

    private static void RequireWebLink(Uri url, string name)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
        {
            throw new ArgumentException($"{name} must be an absolute http(s) URL.", name);
        }
    }
}
