using System.Text;
using EnforcementFlows.App.Workflows;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The body of /dashboard/operations: instances by state, the search form and one page of results.</summary>
public static class InstancesView
{
    public static string Render(IReadOnlyDictionary<string, InstanceCount> counts, InstanceSearch search, InstanceViewPage page)
    {
        var html = new StringBuilder(OperationsNav.Render("instances"));
        html.Append("<h2>Workflow instances by state</h2><table id=\"instance-states\"><thead><tr><th scope=\"col\">State</th><th scope=\"col\">Instances</th></tr></thead><tbody>");
        foreach (var status in InstanceSearch.States)
        {
            var count = counts.TryGetValue(status, out var c) ? c.ToString() : "0";
            html.Append($"<tr><th scope=\"row\"><a href=\"/dashboard/operations?status={status}\">{status}</a></th><td>{count}</td></tr>");
        }
        html.Append("</tbody></table>");
        AppendForm(html, search);
        if (search.Error is not null)
        {
            html.Append($"<p class=\"flash error\" role=\"alert\">{Html.E(search.Error)}</p>");
        }
        AppendResults(html, search, page);
        return html.ToString();
    }

    private static void AppendForm(StringBuilder html, InstanceSearch search)
    {
        html.Append("<h2>Search</h2><form method=\"get\" action=\"/dashboard/operations\" class=\"panel filters\" role=\"search\">")
            .Append("<label>State <select name=\"status\"><option value=\"\">any</option>");
        foreach (var status in InstanceSearch.States)
        {
            html.Append($"<option{(search.Status == status ? " selected" : "")}>{status}</option>");
        }
        html.Append("</select></label>")
            .Append($"<label>Orchestration <input name=\"name\" value=\"{Html.E(search.Name)}\" placeholder=\"EnforcementCase\"></label>")
            .Append($"<label>Instance id starts with <input name=\"prefix\" value=\"{Html.E(search.Prefix)}\"></label>")
            .Append("<button type=\"submit\">Search</button></form>");
    }

    private static void AppendResults(StringBuilder html, InstanceSearch search, InstanceViewPage page)
    {
        if (page.Instances.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"instance-results\">No instances match.</p>");
            return;
        }
        html.Append("<table id=\"instance-results\"><thead><tr><th scope=\"col\">Instance</th><th scope=\"col\">Orchestration</th><th scope=\"col\">State</th>")
            .Append("<th scope=\"col\">Created</th><th scope=\"col\">Last updated</th><th scope=\"col\">Status detail</th></tr></thead><tbody>");
        foreach (var i in page.Instances)
        {
            html.Append($"<tr><td><a href=\"/dashboard/operations/instances/{Html.Url(i.InstanceId)}\">{Html.E(i.InstanceId)}</a></td>")
                .Append($"<td>{Html.E(i.Name)}{(i.Version is null ? "" : " v" + Html.E(i.Version))}</td><td>{i.Status}</td>")
                .Append($"<td>{Html.Time(i.CreatedAt)}</td><td>{Html.Time(i.LastUpdatedAt)}</td><td class=\"status-detail\">{Html.E(Shorten(i.CustomStatus, 120))}</td></tr>");
        }
        html.Append("</tbody></table>");
        if (page.ContinuationToken is { } next)
        {
            var query = $"status={Uri.EscapeDataString(search.Status ?? "")}&name={Uri.EscapeDataString(search.Name ?? "")}"
                + $"&prefix={Uri.EscapeDataString(search.Prefix ?? "")}&continuation={Uri.EscapeDataString(next)}";
            html.Append($"<p><a href=\"/dashboard/operations?{Html.E(query)}\" rel=\"next\">Next page</a></p>");
        }
    }

    internal static string Shorten(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max] + "…";
}
