using System.Text;

namespace EnforcementFlows.App.Dashboard;

internal static partial class CasePage
{
    /// <summary>Claim or release; approve or reject (approvers); propose the pending action (when nobody has).</summary>
    private static void AppendWork(StringBuilder html, DashboardRequest request, CaseDetail detail)
    {
        var user = request.SignedIn;
        var caseUrl = "/dashboard/cases/" + Html.Url(detail.Case.CaseId);
        var mine = detail.Claim is { } claim && string.Equals(claim.Reviewer, user.Name, StringComparison.OrdinalIgnoreCase);
        html.Append("<section class=\"panel\" aria-labelledby=\"work\"><h2 id=\"work\">Review</h2><p id=\"claim-state\">");
        if (detail.Claim is null)
        {
            html.Append("Nobody has claimed this case.</p><form method=\"post\" action=\"").Append(caseUrl).Append("/claim\">").Append(Html.AntiforgeryField(request))
                .Append("<button type=\"submit\" class=\"secondary\">Claim this case</button></form>");
        }
        else if (mine)
        {
            html.Append("You hold this case until ").Append(Html.Time(detail.Claim.ExpiresAt)).Append(".</p><form method=\"post\" action=\"").Append(caseUrl)
                .Append("/release\">").Append(Html.AntiforgeryField(request)).Append("<button type=\"submit\" class=\"secondary\">Release</button></form>");
        }
        else
        {
            html.Append("Claimed by <strong>").Append(Html.E(detail.Claim.Reviewer)).Append("</strong> until ").Append(Html.Time(detail.Claim.ExpiresAt))
                .Append(". You can act on it once they release it or the claim expires.</p>");
        }
        var free = detail.Claim is null || mine;
        if (free && user.IsApprover)
        {
            html.Append("<form method=\"post\" action=\"").Append(caseUrl).Append("/decision\" aria-label=\"Decision\">").Append(Html.AntiforgeryField(request))
                .Append("<p><label for=\"decision-comment\">Comment (optional)</label><br><textarea id=\"decision-comment\" name=\"comment\" rows=\"2\" cols=\"60\" maxlength=\"2000\"></textarea></p>")
                .Append("<button type=\"submit\" name=\"decision\" value=\"approve\">Approve ")
                .Append(Html.E(ActionText(detail.ProposedOutcome, detail.DurationSeconds))).Append("</button> ")
                .Append("<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"danger\">Reject</button></form>");
        }
        if (free && detail.Proposal is null)
        {
            html.Append("<form method=\"post\" action=\"").Append(caseUrl).Append("/propose\" aria-label=\"Propose\">").Append(Html.AntiforgeryField(request))
                .Append("<p><label for=\"propose-reason\">Propose this action to the approvers, because</label><br>")
                .Append("<input id=\"propose-reason\" name=\"reason\" required maxlength=\"500\" size=\"60\"></p>")
                .Append("<button type=\"submit\" class=\"secondary\">Propose</button>")
                .Append(detail.RequiredApprovers > 1 ? " <span class=\"muted\">(you will then not be able to approve it yourself)</span>" : "")
                .Append("</form>");
        }
    }
}
