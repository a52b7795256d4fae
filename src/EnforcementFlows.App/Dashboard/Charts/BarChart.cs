using System.Text;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>Bars per x label: series side by side, or stacked. Every bar carries a tooltip title.</summary>
internal static class BarChart
{
    public static void Draw(StringBuilder svg, ChartData data, ChartFrame frame, bool stacked)
    {
        var count = data.XLabels.Count;
        var slot = frame.PlotWidth / count;
        var groupWidth = slot * 0.8;
        double Centre(int i) => frame.PlotLeft + (i + 0.5) * slot;
        for (var i = 0; i < count; i++)
        {
            double below = 0;
            for (var s = 0; s < data.Series.Count; s++)
            {
                var values = data.Series[s].Values;
                var value = i < values.Count && !double.IsNaN(values[i]) ? Math.Max(0, values[i]) : 0;
                double x, width, baseValue;
                if (stacked)
                {
                    (x, width, baseValue) = (Centre(i) - groupWidth / 2, groupWidth, below);
                    below += value;
                }
                else
                {
                    width = groupWidth / data.Series.Count;
                    (x, baseValue) = (Centre(i) - groupWidth / 2 + s * width, 0);
                }
                if (value <= 0)
                {
                    continue;
                }
                var top = frame.Y(baseValue + value);
                svg.Append($"<rect x=\"{Svg.N(x)}\" y=\"{Svg.N(top)}\" width=\"{Svg.N(Math.Max(width, 1))}\" height=\"{Svg.N(frame.Y(baseValue) - top)}\" fill=\"{Palette.For(s)}\">")
                    .Append($"<title>{Svg.E($"{data.XLabels[i]} — {data.Series[s].Name}: {data.FormatValue(value)}")}</title></rect>");
            }
        }
        frame.XLabels(svg, Centre);
    }

    /// <summary>The tallest bar (or stack), for the y scale.</summary>
    public static double MaxOf(ChartData data, bool stacked)
        => Enumerable.Range(0, data.XLabels.Count).Select(i =>
        {
            var values = data.Series.Select(s => i < s.Values.Count && !double.IsNaN(s.Values[i]) ? Math.Max(0, s.Values[i]) : 0);
            return stacked ? values.Sum() : values.DefaultIfEmpty(0).Max();
        }).DefaultIfEmpty(0).Max();
}
