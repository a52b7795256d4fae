using System.Net;
using System.Text;

namespace EnforcementFlows.App.Email;

/// <summary>
/// The text/html body. Inline styles only (mail clients drop style sheets), no images and no
/// scripts; every value is HTML-escaped, the links included.
/// </summary>
internal static class ApprovalEmailHtml
{
    private const string Label = "padding:4px 12px 4px 0;color:#555;vertical-align:top;white-space:nowrap";
    private const string Button = "display:inline-block;padding:10px 22px;margin:0 12px 8px 0;border-radius:4px;color:#ffffff;font-weight:bold;text-decoration:none";

    public static string Render(ApprovalEmailFacts facts)
    {
        var email = facts.Email;
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{E(facts.Heading)}</title></head>
            <body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1f2328;background:#ffffff">
            <h1 style="font-size:20px;margin:0 0 12px">{E(facts.Heading)}</h1>
            <p style="margin:0 0 16px">{E(facts.Intro)}</p>
            <table role="presentation" style="border-collapse:collapse;margin:0 0 16px">

            """);
        Row(html, "Case", E(email.CaseId));
        Row(html, "Account", $"<strong>{E(email.AccountId)}</strong>");
        Row(html, "Category", E(email.Category));
        Row(html, "Score", E(facts.Score) + Contributions(email.TopContributions));
        Row(html, "Proposed action", $"<strong>{E(facts.ActionWithDuration)}</strong>");
        Row(html, "Expires", E(facts.Expires));
        html.Append("</table>\n");
        if (email.EvidenceExcerpts.Count > 0)
        {
            html.Append($"<p style=\"margin:0 0 8px;color:#555\">{E(ApprovalEmailFacts.EvidenceCaption)}</p>\n");
            foreach (var excerpt in facts.Excerpts)
            {
                html.Append("<blockquote style=\"margin:0 0 12px;padding:8px 12px;border-left:4px solid #d0d7de;background:#f6f8fa;white-space:pre-wrap\">")
                    .Append(E(excerpt)).Append("</blockquote>\n");
            }
        }
        html.Append($"""
            <p style="margin:20px 0 8px">
            <a href="{E(facts.ApproveUrl)}" style="{Button};background:#1a7f37">Approve</a>
            <a href="{E(facts.RejectUrl)}" style="{Button};background:#cf222e">Reject</a>
            </p>
            <p style="margin:0;color:#555;font-size:13px">{E(ApprovalEmailFacts.LinkNotice)}</p>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Row(StringBuilder html, string label, string valueHtml) =>
        html.Append($"<tr><td style=\"{Label}\">{E(label)}</td><td style=\"padding:4px 0\">{valueHtml}</td></tr>\n");

    private static string Contributions(IReadOnlyList<string> contributions) =>
        contributions.Count == 0 ? ""
            : "<ul style=\"margin:4px 0 0;padding-left:20px;color:#555\">" + string.Concat(contributions.Select(c => $"<li>{E(c)}</li>")) + "</ul>";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
