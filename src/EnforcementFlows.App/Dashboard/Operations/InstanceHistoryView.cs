using System.Globalization;
using System.Text;
using EnforcementFlows.Durable;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The body of /dashboard/operations/instances/{id}: the instance and its history, oldest event first.</summary>
public static class InstanceHistoryView
{
    private const int MaxPayload = 600;

    /// <param name="managementUrl">The instance in the Durable Functions management API (DashboardOptions), linked when set.</param>
    public static string Render(InstanceMetadata i, IReadOnlyList<HistoryEvent> history, string? managementUrl = null)
    {
        var html = new StringBuilder(OperationsNav.Render("instances"));
        html.Append("<dl class=\"facts\" id=\"instance-facts\">")
            .Append($"<dt>Instance</dt><dd>{Html.E(i.InstanceId)}</dd><dt>Execution</dt><dd>{Html.E(i.ExecutionId)}</dd>")
            .Append($"<dt>Orchestration</dt><dd>{Html.E(i.Name)}{(i.Version is null ? "" : " v" + Html.E(i.Version))}</dd>")
            .Append($"<dt>State</dt><dd>{i.Status}</dd><dt>Created</dt><dd>{Html.Time(i.CreatedAt)}</dd>")
            .Append($"<dt>Last updated</dt><dd>{Html.Time(i.LastUpdatedAt)}</dd><dt>Completed</dt><dd>{Html.Time(i.CompletedAt)}</dd>")
            .Append($"<dt>Status detail</dt><dd>{Html.E(i.SerializedCustomStatus)}</dd>");
        if (i.FailureDetails is { } failure)
        {
            html.Append($"<dt>Failure</dt><dd>{Html.E(failure.ErrorType)}: {Html.E(failure.ErrorMessage)}</dd>");
        }
        if (i.ParentInstanceId is { } parent)
        {
            html.Append($"<dt>Parent</dt><dd><a href=\"/dashboard/operations/instances/{Html.Url(parent)}\">{Html.E(parent)}</a></dd>");
        }
        if (managementUrl is not null)
        {
            html.Append($"<dt>Durable Functions</dt><dd><a id=\"instance-management\" href=\"{Html.E(managementUrl)}\" rel=\"noreferrer\">status and history in the management API</a> (asks for the system key)</dd>");
        }
        html.Append($"</dl><h2>History ({history.Count} events)</h2>");
        html.Append("<table id=\"instance-history\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Time</th><th scope=\"col\">Event</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
        for (var n = 0; n < history.Count; n++)
        {
            var e = history[n];
            var (summary, payload) = Describe(e);
            html.Append($"<tr><td>{n}</td><td>{Html.Time(new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)))}</td>")
                .Append($"<td>{Html.E(e.GetType().Name)}</td><td>{Html.E(summary)}");
            if (!string.IsNullOrEmpty(payload))
            {
                html.Append($"<details><summary>data ({payload.Length} characters)</summary><pre class=\"evidence\">{Html.E(InstancesView.Shorten(payload, MaxPayload))}</pre></details>");
            }
            html.Append("</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static (string Summary, string? Payload) Describe(HistoryEvent e) => e switch
    {
        ExecutionStarted s => ($"{s.Name}{(s.Version is null ? "" : " v" + s.Version)}{(s.Parent is null ? "" : " (child of " + s.Parent.InstanceId + ")")}", s.Input),
        TaskScheduled t => ($"activity {t.Name}, task {t.TaskId}{(t.Attempt > 1 ? $", attempt {t.Attempt}" : "")}", t.Input),
        TaskCompleted t => ($"task {t.TaskId} completed", t.Result),
        TaskFailed t => ($"task {t.TaskId} failed: {t.Failure.ErrorType}: {t.Failure.ErrorMessage}", null),
        TimerCreated t => ($"timer {t.TaskId} fires at {t.FireAt.ToString("u", CultureInfo.InvariantCulture)}", null),
        TimerFired t => ($"timer {t.TaskId} fired", null),
        SubOrchestrationCreated s => ($"sub-orchestration {s.Name} as {s.InstanceId}, task {s.TaskId}", s.Input),
        SubOrchestrationCompleted s => ($"sub-orchestration task {s.TaskId} completed", s.Result),
        SubOrchestrationFailed s => ($"sub-orchestration task {s.TaskId} failed: {s.Failure.ErrorType}: {s.Failure.ErrorMessage}", null),
        EventRaised r => ($"event {r.Name}", r.Input),
        ExecutionSuspended s => ($"suspended{(s.Reason is null ? "" : ": " + s.Reason)}", null),
        ExecutionResumed r => ($"resumed{(r.Reason is null ? "" : ": " + r.Reason)}", null),
        ExecutionTerminated t => ($"terminated{(t.Reason is null ? "" : ": " + t.Reason)}", null),
        ExecutionCompleted c => ($"{c.Status}{(c.ContinuedAsNew ? " (continued as new)" : "")}{(c.Failure is null ? "" : ": " + c.Failure.ErrorMessage)}", c.Result),
        _ => ("", null),
    };
}
