using System.Text;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>Renders a <see cref="ChartData"/> as a self-contained, accessible SVG element.</summary>
public static class ChartSvg
{
    public const string NoDataMessage = "No data in this period";

    public static string Render(ChartData data)
    {
        var stacked = data.Kind == ChartKind.StackedBars;
        var dataMax = data.Kind == ChartKind.Line
            ? data.Series.SelectMany(s => s.Values).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max()
            : BarChart.MaxOf(data, stacked);
        var scale = data.YMax is { } fixedMax ? new NiceScale(fixedMax, fixedMax / 4) : NiceScale.For(dataMax, wholeSteps: WholeNumbers(data));
        var frame = new ChartFrame(data, scale.Max);
        var svg = new StringBuilder();
        frame.Open(svg, scale);
        if (data.IsEmpty)
        {
            ChartFrame.Empty(svg, NoDataMessage);
        }
        else
        {
            if (data.Kind == ChartKind.Line)
            {
                LineChart.Draw(svg, data, frame);
            }
            else
            {
                BarChart.Draw(svg, data, frame, stacked);
            }
            frame.Legend(svg);
        }
        return svg.Append("</svg>").ToString();
    }

    private static bool WholeNumbers(ChartData data)
        => data.FormatValue == ValueFormats.Count && data.Series.All(s => s.Values.All(v => double.IsNaN(v) || v == Math.Floor(v)));
}
