using System.Globalization;
using System.Text;
using EnforcementFlows.App.Dashboard.Charts;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>The metrics page's appeals section: headline figures, a plot of the rates by category, and one table per dimension.</summary>
public static class AppealMetricsPage
{
    public static string Render(AppealMetricsReport r)
    {
        var html = new StringBuilder("<h2>Appeals and overturns</h2>");
        html.Append("<dl class=\"facts\" id=\"appeal-summary\">")
            .Append($"<dt>Statements of reasons</dt><dd>{r.Total.Statements}</dd>")
            .Append($"<dt>Appeal rate</dt><dd>{Html.E(ValueFormats.Percent(r.Total.AppealRate ?? double.NaN))} ({r.Total.Appealed} appeals)</dd>")
            .Append($"<dt>Overturn rate</dt><dd>{Html.E(ValueFormats.Percent(r.Total.OverturnRate ?? double.NaN))} of {r.Total.Decided} decided</dd>")
            .Append($"<dt>Median time to decide an appeal</dt><dd>{Html.E(r.MedianSecondsToDecide is { } m ? ValueFormats.Duration(m) : "no appeal decided")}</dd>")
            .Append($"<dt>Ended without a human decision</dt><dd>{r.TimedOut} (the policy's timeout outcome)</dd>")
            .Append($"<dt>Waiting for review</dt><dd>{r.Pending}</dd></dl>");
        html.Append(ChartFigure.Render(Chart(r)));
        Table(html, "appeals-by-category", "By category", r.ByCategory);
        Table(html, "appeals-by-policy", "By policy version", r.ByPolicyVersion);
        Table(html, "appeals-by-model", "By model version", r.ByModelVersion);
        Table(html, "appeals-by-decision", "Automated vs human decision", r.ByDecision);
        return html.ToString();
    }

    public static ChartData Chart(AppealMetricsReport r)
        => new("appeal-rates", "Appeal and overturn rates by category",
            "Per category: share of statements of reasons that were appealed, and share of decided appeals that overturned the action. A high overturn rate says the model or the policy is wrong for that category.",
            "category", "rate", [.. r.ByCategory.Select(g => g.Key)],
            [new ChartSeries("appeal rate", [.. r.ByCategory.Select(g => g.AppealRate ?? double.NaN)]), new ChartSeries("overturn rate", [.. r.ByCategory.Select(g => g.OverturnRate ?? double.NaN)])],
            ChartKind.Bars)
        { YMax = 1, FormatValue = ValueFormats.Percent };

    private static void Table(StringBuilder html, string id, string title, IReadOnlyList<AppealGroup> groups)
    {
        html.Append($"<h3>{Html.E(title)}</h3><table id=\"{id}\"><thead><tr><th>Group</th><th>Statements</th><th>Appealed</th><th>Appeal rate</th><th>Decided</th><th>Overturned</th><th>Overturn rate</th></tr></thead><tbody>");
        foreach (var g in groups)
        {
            html.Append("<tr><td>").Append(Html.E(g.Key)).Append("</td><td>").Append(g.Statements.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(g.Appealed.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Html.E(ValueFormats.Percent(g.AppealRate ?? double.NaN))).Append("</td><td>")
                .Append(g.Decided.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(g.Overturned.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(Html.E(ValueFormats.Percent(g.OverturnRate ?? double.NaN))).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
    }
}
