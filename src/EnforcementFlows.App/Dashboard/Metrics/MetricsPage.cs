using System.Text;
using EnforcementFlows.App.Dashboard.Charts;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>The body of /dashboard/metrics: period links, headline numbers, then one figure per chart.</summary>
public static class MetricsPage
{
    public static string Render(MetricsReport r)
    {
        var html = new StringBuilder();
        html.Append("<nav class=\"filters\" aria-label=\"Period\"><span class=\"muted\">Period:</span>");
        foreach (var name in MetricsWindow.Names)
        {
            html.Append($"<a href=\"/dashboard/metrics?range={Html.E(name)}\"{(name == r.Window.Name ? " aria-current=\"page\"" : "")}>last {Html.E(name)}</a>");
        }
        html.Append($"</nav><p class=\"muted\">From {Html.Time(r.Window.From)} to {Html.Time(r.Window.Now)}; computed from the enforcement records.</p>");
        AppendSummary(html, r);
        html.Append("<h2>Intake</h2>").Append(ChartFigure.Render(MetricsCharts.Signals(r)));
        html.Append("<h2>Decisions</h2>").Append(ChartFigure.Render(MetricsCharts.Decisions(r)))
            .Append(ChartFigure.Render(MetricsCharts.TimeToActionChart(r), Median(r)))
            .Append(ChartFigure.Render(MetricsCharts.Rates(r)));
        html.Append("<h2>Review queue</h2>").Append(ChartFigure.Render(MetricsCharts.QueueSize(r))).Append(ChartFigure.Render(MetricsCharts.QueueOldest(r)));
        html.Append("<h2>Sweeps</h2>").Append(ChartFigure.Render(MetricsCharts.Sweeps(r)));
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, MetricsReport r)
    {
        var queueNow = r.Queue.Size.Length == 0 ? 0 : r.Queue.Size[^1];
        var oldestNow = r.Queue.OldestSeconds.Length == 0 ? 0 : r.Queue.OldestSeconds[^1];
        (string Label, string Value)[] facts =
        [
            ("Signals received", r.Signals.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Cases closed", r.Decisions.Total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Decided automatically", ValueFormats.Percent(r.Decisions.AutomaticShare)),
            ("Decided by humans", ValueFormats.Percent(r.Decisions.HumanShare)),
            ("Approval rate", $"{ValueFormats.Percent(r.Approvals.Rate)} of {r.Approvals.Approved.Sum() + r.Approvals.Rejected.Sum()} decisions"),
            ("Reversal rate", $"{ValueFormats.Percent(r.Reversals.Rate)} of {r.Reversals.Applied.Sum()} actions"),
            ("First signal to action", Median(r)),
            ("Waiting for a human now", $"{queueNow} (oldest {ValueFormats.Duration(oldestNow)})"),
            ("Sweeps run", r.Sweeps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        html.Append("<dl class=\"facts\" id=\"metrics-summary\">");
        foreach (var (label, value) in facts)
        {
            html.Append($"<dt>{Html.E(label)}</dt><dd>{Html.E(value)}</dd>");
        }
        html.Append("</dl>");
    }

    private static string Median(MetricsReport r)
        => r.TimeToAction.Median is { } median
            ? $"median {ValueFormats.Duration(median.TotalSeconds)}, 90th percentile {ValueFormats.Duration(r.TimeToAction.P90!.Value.TotalSeconds)} ({r.TimeToAction.Durations.Count} cases)"
            : "no actions in this period";
}
