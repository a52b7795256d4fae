using System.Text;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>One polyline per series over evenly spaced x labels; dots (with tooltips) while there are few points.</summary>
internal static class LineChart
{
    private const int MaxDots = 48;

    public static void Draw(StringBuilder svg, ChartData data, ChartFrame frame)
    {
        var count = data.XLabels.Count;
        double X(int i) => count == 1 ? frame.PlotLeft + frame.PlotWidth / 2 : frame.PlotLeft + i * frame.PlotWidth / (count - 1);
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var color = Palette.For(s);
            var points = Enumerable.Range(0, Math.Min(count, series.Values.Count)).Where(i => !double.IsNaN(series.Values[i]))
                .Select(i => $"{Svg.N(X(i))},{Svg.N(frame.Y(series.Values[i]))}").ToList();
            if (points.Count > 1)
            {
                svg.Append($"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
            }
            if (count > MaxDots && points.Count > 1)
            {
                continue;
            }
            for (var i = 0; i < Math.Min(count, series.Values.Count); i++)
            {
                var value = series.Values[i];
                if (double.IsNaN(value))
                {
                    continue;
                }
                svg.Append($"<circle cx=\"{Svg.N(X(i))}\" cy=\"{Svg.N(frame.Y(value))}\" r=\"3\" fill=\"{color}\">")
                    .Append($"<title>{Svg.E($"{data.XLabels[i]} — {series.Name}: {data.FormatValue(value)}")}</title></circle>");
            }
        }
        frame.XLabels(svg, X);
    }
}
