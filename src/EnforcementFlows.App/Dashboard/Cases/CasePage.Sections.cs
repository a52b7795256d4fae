using EnforcementFlows.Enforcement.Audit;
using System.Text;

namespace EnforcementFlows.App.Dashboard;

internal static partial class CasePage
{
    private static void AppendScore(StringBuilder html, CaseDetail detail)
    {
        html.Append("<h2>Score contributions</h2><table id=\"contributions\"><thead><tr><th>Input</th><th>Measured</th><th>Added</th></tr></thead><tbody>");
        foreach (var c in detail.Contributions)
        {
            html.Append("<tr><td>").Append(Html.E(c.Name)).Append("</td><td>").Append(Html.Number(c.Input)).Append("</td><td>+")
                .Append(Html.Number(c.Value)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void AppendEvidence(StringBuilder html, CaseDetail detail)
    {
        html.Append("<h2>Evidence</h2>");
        foreach (var e in detail.Evidence)
        {
            html.Append("<p class=\"muted\">").Append(Html.E(e.Kind)).Append(' ').Append(Html.E(e.SignalId)).Append(" · ").Append(Html.E(e.Category))
                .Append(e.Reporter is { } r ? " · reporter " + Html.E(r) : "").Append(" · ").Append(Html.Time(e.ReceivedAt)).Append("</p>")
                .Append(e.Text.Length > 0 ? "<div class=\"evidence\">" + Html.E(e.Text) + "</div>" : "<p class=\"muted\">(no text with this signal)</p>");
        }
        if (detail.Evidence.Count == 0)
        {
            html.Append("<p class=\"muted\">No signals joined this case yet.</p>");
        }
    }

    private static void AppendApprovals(StringBuilder html, CaseDetail detail)
    {
        html.Append("<h2>Approval requests</h2><table id=\"approvals\"><thead><tr><th>Approver</th><th>Stage</th><th>State</th><th>Sent</th><th>Decided</th><th>Expires</th><th>Comment</th></tr></thead><tbody>");
        foreach (var a in detail.Approvals)
        {
            html.Append("<tr><td>").Append(Html.E(a.Approver)).Append("</td><td>").Append(Html.E(a.Stage)).Append("</td><td>").Append(Html.E(a.State))
                .Append("</td><td>").Append(Html.Time(a.SentAt)).Append("</td><td>").Append(Html.Time(a.UsedAt)).Append("</td><td>").Append(Html.Time(a.ExpiresAt))
                .Append("</td><td>").Append(Html.E(a.Comment)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void AppendActions(StringBuilder html, CaseDetail detail)
    {
        html.Append("<h2>Actions and their effects</h2><table id=\"actions\"><thead><tr><th>Action</th><th>Applied</th><th>Expires</th><th>Lifted</th><th>Reason</th></tr></thead><tbody>");
        foreach (var a in detail.Actions)
        {
            html.Append("<tr><td>").Append(Html.E(ActionText(a.Kind, a.DurationSeconds))).Append("</td><td>").Append(Html.Time(a.AppliedAt)).Append("</td><td>")
                .Append(Html.Time(a.ExpiresAt)).Append("</td><td>").Append(Html.Time(a.LiftedAt)).Append("</td><td>").Append(Html.E(a.Reason)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static void AppendNotes(StringBuilder html, DashboardRequest request, CaseDetail detail)
    {
        html.Append("<h2>Internal notes</h2>");
        foreach (var n in detail.Notes)
        {
            html.Append("<div class=\"panel note\"><p class=\"muted\">").Append(Html.E(n.Author)).Append(" · ").Append(Html.Time(n.CreatedAt)).Append("</p><div class=\"evidence\">")
                .Append(Html.E(n.Body)).Append("</div></div>");
        }
        html.Append("<form method=\"post\" action=\"/dashboard/cases/").Append(Html.Url(detail.Case.CaseId)).Append("/notes\">").Append(Html.AntiforgeryField(request))
            .Append("<p><label for=\"note\">Add a note (only reviewers see it)</label><br><textarea id=\"note\" name=\"note\" rows=\"3\" cols=\"60\" required maxlength=\"")
            .Append(CaseNotes.MaxLength).Append("\"></textarea></p><button type=\"submit\" class=\"secondary\">Add note</button></form>");
    }

    private static void AppendTimeline(StringBuilder html, CaseDetail detail)
    {
        html.Append("<h2>Timeline (audit trail)</h2><table id=\"timeline\"><thead><tr><th>#</th><th>When</th><th>What</th><th>Who</th><th>Details</th></tr></thead><tbody>");
        foreach (var r in detail.Timeline)
        {
            html.Append("<tr><td>").Append(r.Index).Append("</td><td>").Append(Html.Time(r.Timestamp)).Append("</td><td>").Append(Html.E(r.Kind.ToWireName()))
                .Append("</td><td>").Append(Html.E(r.Actor)).Append("</td><td><code>").Append(Html.E(r.Data.GetRawText())).Append("</code></td></tr>");
        }
        html.Append("</tbody></table>");
    }
}
