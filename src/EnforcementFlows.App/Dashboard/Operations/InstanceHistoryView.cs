using System.Text;
using System.Text.Json;
using EnforcementFlows.App.Workflows;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The body of /dashboard/operations/instances/{id}: the instance and its history, oldest event first.</summary>
public static class InstanceHistoryView
{
    private const int MaxPayload = 600;

    public static string Render(InstanceView i, JsonElement history)
    {
        var html = new StringBuilder(OperationsNav.Render("instances"));
        html.Append("<dl class=\"facts\" id=\"instance-facts\">")
            .Append($"<dt>Instance</dt><dd>{Html.E(i.InstanceId)}</dd>")
            .Append($"<dt>Orchestration</dt><dd>{Html.E(i.Name)}{(i.Version is null ? "" : " v" + Html.E(i.Version))}</dd>")
            .Append($"<dt>State</dt><dd>{Html.E(i.Status)}</dd><dt>Created</dt><dd>{Html.Time(i.CreatedAt)}</dd>")
            .Append($"<dt>Last updated</dt><dd>{Html.Time(i.LastUpdatedAt)}</dd><dt>Completed</dt><dd>{Html.Time(i.CompletedAt)}</dd>")
            .Append($"<dt>Status detail</dt><dd>{Html.E(i.CustomStatus)}</dd>");
        if (i.Failure is not null)
        {
            // A failed (or non-deterministic) instance shows why, instead of crash-looping anything.
            html.Append($"<dt>Failure</dt><dd class=\"failure\">{Html.E(JsonSerializer.Serialize(i.Failure))}</dd>");
        }
        var events = history.ValueKind == JsonValueKind.Array ? history.EnumerateArray().ToList() : [];
        html.Append($"</dl><h2>History ({events.Count} events)</h2>");
        html.Append("<table id=\"instance-history\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Time</th><th scope=\"col\">Event</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        for (var n = 0; n < events.Count; n++)
        {
            var e = HistoryEventText.Of(events[n]);
            html.Append($"<tr><td>{n}</td><td>{Html.E(e.Time)}</td><td>{Html.E(e.Kind)}</td><td>{Html.E(e.Summary)}");
            if (!string.IsNullOrEmpty(e.Payload))
            {
                html.Append($"<details><summary>data ({e.Payload.Length} characters)</summary><pre class=\"evidence\">{Html.E(InstancesView.Shorten(e.Payload, MaxPayload))}</pre></details>");
            }
            html.Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
