using System.Text;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.App.Dashboard;

/// <summary>Renders the review queue: filters, the prioritised table, claim buttons and (for approvers) bulk dismiss.</summary>
internal static partial class QueuePage
{
    public static string Body(DashboardRequest request, IReadOnlyList<QueueItem> items, int awaitingTotal, QueueFilter filter, string? done)
    {
        var user = request.SignedIn;
        var html = new StringBuilder(Flash.Render(done));
        AppendFilters(html, filter);
        html.Append("<p class=\"muted\">").Append(items.Count).Append(" of ").Append(awaitingTotal)
            .Append(" cases awaiting a human, by priority: score, then severity, then age.</p>");
        html.Append("<form method=\"post\" action=\"/dashboard/queue/dismiss\" id=\"queue-form\">").Append(Html.AntiforgeryField(request));
        html.Append("<table id=\"queue\"><thead><tr>");
        if (user.IsApprover)
        {
            html.Append("<th><input type=\"checkbox\" data-select-all=\"caseId\" aria-label=\"Select all low-severity cases\"></th>");
        }
        html.Append("<th>Case</th><th>Account</th><th>Category</th><th>Severity</th><th>Score</th><th>Proposed</th><th>Deadline</th>")
            .Append("<th>Tier</th><th>Reporters</th><th>Opened</th><th>Reviewer</th></tr></thead><tbody>");
        foreach (var item in items)
        {
            AppendRow(html, item, user);
        }
        html.Append("</tbody></table>");
        if (items.Count == 0)
        {
            html.Append("<p>No case is waiting for a human.</p>");
        }
        if (user.IsApprover)
        {
            html.Append("<fieldset class=\"panel\"><legend>Dismiss the selected low-severity cases</legend>")
                .Append("<label for=\"dismiss-reason\">Reason (recorded on every selected case)</label> ")
                .Append("<input id=\"dismiss-reason\" name=\"reason\" required maxlength=\"500\" size=\"50\"> ")
                .Append("<button type=\"submit\" class=\"danger\">Dismiss selected</button></fieldset>");
        }
        return html.Append("</form>").ToString();
    }

    private static void AppendFilters(StringBuilder html, QueueFilter filter)
    {
        html.Append("<form method=\"get\" action=\"/dashboard/queue\" class=\"panel filters\" aria-label=\"Filters\">");
        Select(html, "category", "Category", Enum.GetValues<SignalCategory>().Select(c => c.ToWireName()), filter.Category);
        Select(html, "severity", "Severity", Enum.GetValues<CaseSeverity>().Select(s => s.ToWireName()), filter.Severity?.ToWireName());
        html.Append("<label>Tier <input name=\"tier\" size=\"10\" value=\"").Append(Html.E(filter.Tier)).Append("\"></label>");
        Select(html, "claimed", "Claimed", ["mine", "unclaimed"], filter.Claimed);
        html.Append("<label>Min score <input type=\"number\" name=\"minScore\" min=\"0\" max=\"1\" step=\"0.01\" value=\"")
            .Append(filter.MinScore is { } m ? Html.Number(m) : "").Append("\"></label>")
            .Append("<button type=\"submit\" class=\"secondary\">Apply filters</button> <a href=\"/dashboard/queue\">Clear</a></form>");
    }

    private static void Select(StringBuilder html, string name, string label, IEnumerable<string> values, string? selected)
    {
        html.Append("<label>").Append(Html.E(label)).Append(" <select name=\"").Append(name).Append("\"><option value=\"\">any</option>");
        foreach (var value in values)
        {
            html.Append("<option value=\"").Append(Html.E(value)).Append('"').Append(value == selected ? " selected" : "").Append('>')
                .Append(Html.E(value)).Append("</option>");
        }
        html.Append("</select></label>");
    }
}
