using System.Text;

namespace EnforcementFlows.App.Dashboard;

internal static partial class QueuePage
{
    private static void AppendRow(StringBuilder html, QueueItem item, DashboardUser user)
    {
        var severity = item.Severity.ToWireName();
        html.Append("<tr data-case-id=\"").Append(Html.E(item.CaseId)).Append("\">");
        if (user.IsApprover)
        {
            html.Append("<td>");
            if (item.BulkDismissible)
            {
                html.Append("<input type=\"checkbox\" name=\"caseId\" value=\"").Append(Html.E(item.CaseId)).Append("\" aria-label=\"Select case ")
                    .Append(Html.E(item.CaseId)).Append("\">");
            }
            html.Append("</td>");
        }
        html.Append("<td><a href=\"/dashboard/cases/").Append(Html.Url(item.CaseId)).Append("\">").Append(Html.E(item.CaseId)).Append("</a></td>")
            .Append("<td><a href=\"/dashboard/accounts/").Append(Html.Url(item.AccountId)).Append("\">").Append(Html.E(item.AccountId)).Append("</a></td>")
            .Append("<td>").Append(Html.E(item.Category)).Append("</td>")
            .Append("<td class=\"sev-").Append(severity).Append("\">").Append(severity).Append("</td>")
            .Append("<td>").Append(Html.Number(item.Score, "0.00")).Append("</td>")
            .Append("<td>").Append(Html.E(CasePage.ActionText(item.ProposedOutcome, item.DurationSeconds)))
            .Append(item.RequiredApprovers > 1 ? $" <span class=\"muted\">({item.RequiredApprovers} approvers)</span>" : "").Append("</td>")
            .Append("<td>").Append(Countdown(item.DeadlineAt)).Append("</td>")
            .Append("<td>").Append(Html.E(item.Tier)).Append("</td>")
            .Append("<td>").Append(item.ReporterCount).Append("</td>")
            .Append("<td>").Append(Html.Time(item.OpenedAt)).Append("</td><td>");
        if (item.ClaimedBy is { } holder)
        {
            html.Append("<span class=\"claimed-by\">").Append(Html.E(holder)).Append("</span>");
        }
        else
        {
            html.Append("<button type=\"submit\" class=\"secondary\" formnovalidate formaction=\"/dashboard/cases/").Append(Html.Url(item.CaseId))
                .Append("/claim\" aria-label=\"Claim case ").Append(Html.E(item.CaseId)).Append("\">Claim</button>");
        }
        html.Append("</td></tr>");
    }

    /// <summary>A deadline as a &lt;time&gt; the script turns into a live countdown (the UTC time without it).</summary>
    public static string Countdown(DateTimeOffset? deadline)
        => deadline is { } d
            ? $"<time class=\"countdown\" datetime=\"{Html.E(d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))}\">{Html.Time(d)}</time>"
            : "<span class=\"muted\">none</span>";
}
