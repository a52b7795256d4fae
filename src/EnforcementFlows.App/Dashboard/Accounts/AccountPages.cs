using System.Text;

namespace EnforcementFlows.App.Dashboard;

/// <summary>The account page (analysts and up): restrictions in force with expiry, flags waiting for the sweep, past cases and actions.</summary>
public static class AccountPages
{
    public static RouteGroupBuilder MapAccountPages(this RouteGroupBuilder group)
    {
        group.MapGet("/accounts/{id}", async (string id, HttpContext http, AccountDetailQueries queries) =>
            await queries.GetAsync(id, http.RequestAborted) is { } detail
                ? DashboardLayout.Result(http, "Account " + id, DashboardNav.Queue, Body(detail))
                : DashboardLayout.Result(http, "Account not found", DashboardNav.Queue, $"<p>No signals, cases or actions for '{Html.E(id)}'.</p>",
                    StatusCodes.Status404NotFound));
        return group;
    }

    private static string Body(AccountDetail detail)
    {
        var account = detail.Account;
        var html = new StringBuilder("<dl class=\"facts\"><dt>Tier</dt><dd>").Append(Html.E(account.Tier)).Append("</dd></dl>");
        html.Append("<h2>Restrictions in force</h2><table id=\"restrictions\"><thead><tr><th>Action</th><th>Since</th><th>Expires</th><th>Case</th><th>Reason</th></tr></thead><tbody>");
        foreach (var a in account.ActiveRestrictions)
        {
            html.Append("<tr><td>").Append(Html.E(CasePage.ActionText(a.Kind, a.DurationSeconds))).Append("</td><td>").Append(Html.Time(a.AppliedAt)).Append("</td><td>")
                .Append(a.ExpiresAt is null ? "never (until lifted)" : QueuePage.Countdown(a.ExpiresAt)).Append("</td><td>").Append(CaseLink(a.CaseId))
                .Append("</td><td>").Append(Html.E(a.Reason)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        if (account.ActiveRestrictions.Count == 0)
        {
            html.Append("<p>No restriction is in force.</p>");
        }
        html.Append("<h2>Flags waiting for the sweep</h2><table id=\"held-flags\"><thead><tr><th>Flag</th><th>Category</th><th>Confidence</th><th>Received</th></tr></thead><tbody>");
        foreach (var f in detail.HeldFlags)
        {
            html.Append("<tr><td>").Append(Html.E(f.FlagId)).Append("</td><td>").Append(Html.E(f.Category)).Append("</td><td>")
                .Append(f.Confidence is { } c ? Html.Number(c, "0.00") : "").Append("</td><td>").Append(Html.Time(f.ReceivedAt)).Append("</td></tr>");
        }
        html.Append("</tbody></table>").Append(detail.HeldFlags.Count == 0 ? "<p>No flag is waiting for the sweep.</p>" : "");
        html.Append("<h2>Cases</h2><table id=\"cases\"><thead><tr><th>Case</th><th>Status</th><th>Category</th><th>Score</th><th>Opened</th><th>Closed</th></tr></thead><tbody>");
        foreach (var c in account.Cases)
        {
            html.Append("<tr><td>").Append(CaseLink(c.CaseId)).Append("</td><td>").Append(Html.E(c.Status)).Append("</td><td>").Append(Html.E(c.Category))
                .Append("</td><td>").Append(c.Score is { } s ? Html.Number(s, "0.00") : "").Append("</td><td>").Append(Html.Time(c.OpenedAt)).Append("</td><td>")
                .Append(Html.Time(c.ClosedAt)).Append("</td></tr>");
        }
        html.Append("</tbody></table><h2>Actions</h2><table id=\"account-actions\"><thead><tr><th>Action</th><th>Applied</th><th>Expires</th><th>Lifted</th><th>Case</th></tr></thead><tbody>");
        foreach (var a in account.Actions)
        {
            html.Append("<tr><td>").Append(Html.E(CasePage.ActionText(a.Kind, a.DurationSeconds))).Append("</td><td>").Append(Html.Time(a.AppliedAt)).Append("</td><td>")
                .Append(Html.Time(a.ExpiresAt)).Append("</td><td>").Append(Html.Time(a.LiftedAt)).Append("</td><td>").Append(CaseLink(a.CaseId)).Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string CaseLink(string caseId) => $"<a href=\"/dashboard/cases/{Html.Url(caseId)}\">{Html.E(caseId)}</a>";
}
