using System.Text;

namespace EnforcementFlows.App.Email;

/// <summary>The text/plain body: what a terminal mail client or a screen reader gets.</summary>
internal static class ApprovalEmailText
{
    public static string Render(ApprovalEmailFacts facts)
    {
        var email = facts.Email;
        var text = new StringBuilder();
        text.AppendLine(facts.Heading).AppendLine();
        text.AppendLine(facts.Intro).AppendLine();
        Field(text, "Case", email.CaseId);
        Field(text, "Account", email.AccountId);
        Field(text, "Category", email.Category);
        Field(text, "Score", facts.Score);
        foreach (var contribution in email.TopContributions)
        {
            text.Append("             - ").AppendLine(ApprovalEmailRenderer.OneLine(contribution));
        }
        Field(text, "Proposed", facts.ActionWithDuration);
        Field(text, "Expires", facts.Expires);
        text.AppendLine();
        if (email.EvidenceExcerpts.Count > 0)
        {
            text.AppendLine(ApprovalEmailFacts.EvidenceCaption + ":");
            foreach (var excerpt in facts.Excerpts)
            {
                // Quoted line by line so an excerpt cannot pass itself off as part of the email.
                foreach (var line in excerpt.ReplaceLineEndings("\n").Split('\n'))
                {
                    text.Append("  > ").AppendLine(ApprovalEmailRenderer.OneLine(line));
                }
                text.AppendLine();
            }
        }
        text.Append("APPROVE: ").AppendLine(facts.ApproveUrl);
        text.Append("REJECT:  ").AppendLine(facts.RejectUrl);
        text.AppendLine();
        text.AppendLine(ApprovalEmailFacts.LinkNotice);
        return text.ToString();
    }

    private static void Field(StringBuilder text, string label, string value) =>
        text.Append((label + ":").PadRight(11)).Append("  ").AppendLine(ApprovalEmailRenderer.OneLine(value));
}
