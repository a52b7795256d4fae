using System.Text;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>
/// A chart as page content: a figure with a visible caption, the SVG, and the same numbers as a
/// table inside a closed &lt;details&gt; (for screen readers, copying, and anyone who prefers numbers).
/// </summary>
public static class ChartFigure
{
    public static string Render(ChartData data, string? note = null)
    {
        var html = new StringBuilder()
            .Append($"<figure class=\"chart\" id=\"{Svg.E(data.Id)}\"><figcaption><strong>{Svg.E(data.Title)}</strong>");
        if (note is not null)
        {
            html.Append($" <span class=\"chart-note\">{Svg.E(note)}</span>");
        }
        html.Append("</figcaption>").Append(ChartSvg.Render(data));
        html.Append($"<details><summary>Data table: {Svg.E(data.Title)}</summary>").Append(Table(data)).Append("</details></figure>");
        return html.ToString();
    }

    public static string Table(ChartData data)
    {
        var html = new StringBuilder($"<table><caption>{Svg.E(data.Description)}</caption><thead><tr><th scope=\"col\">{Svg.E(data.XAxisLabel)}</th>");
        foreach (var series in data.Series)
        {
            html.Append($"<th scope=\"col\">{Svg.E(series.Name)}</th>");
        }
        html.Append("</tr></thead><tbody>");
        for (var i = 0; i < data.XLabels.Count; i++)
        {
            html.Append($"<tr><th scope=\"row\">{Svg.E(data.XLabels[i])}</th>");
            foreach (var series in data.Series)
            {
                html.Append($"<td>{Svg.E(i < series.Values.Count ? data.FormatValue(series.Values[i]) : "")}</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
