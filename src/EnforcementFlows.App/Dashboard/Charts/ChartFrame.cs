using System.Text;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>
/// The parts every chart shares: the accessible SVG root (role, aria-label, title, desc), the plot
/// area, y ticks and grid, thinned x labels, axis titles and the legend. No scripts, no styles:
/// presentation attributes only, so a strict Content-Security-Policy allows it.
/// </summary>
internal sealed class ChartFrame(ChartData data, double yMax)
{
    public const int Width = 640, Height = 280;
    private const int Left = 60, Right = 16, Top = 28, Bottom = 56;
    private const int MaxXLabels = 8;

    public double PlotLeft => Left;
    public double PlotWidth => Width - Left - Right;
    public double PlotBottom => Height - Bottom;
    public double PlotHeight => Height - Top - Bottom;

    public double Y(double value) => PlotBottom - Math.Clamp(value / yMax, 0, 1) * PlotHeight;

    public void Open(StringBuilder svg, NiceScale scale)
    {
        var id = Svg.E(data.Id);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\"")
            .Append($" aria-label=\"{Svg.E(data.Title)}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\" font-size=\"11\">")
            .Append($"<title id=\"{id}-title\">{Svg.E(data.Title)}</title><desc id=\"{id}-desc\">{Svg.E(data.Description)}</desc>")
            .Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
        foreach (var tick in scale.Ticks())
        {
            var y = Svg.N(Y(tick));
            svg.Append($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\" stroke=\"#e4e4e4\"/>")
                .Append($"<text x=\"{Left - 6}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\" fill=\"#444444\">{Svg.E(data.FormatValue(tick))}</text>");
        }
        svg.Append($"<line x1=\"{Left}\" y1=\"{Svg.N(PlotBottom)}\" x2=\"{Width - Right}\" y2=\"{Svg.N(PlotBottom)}\" stroke=\"#888888\"/>")
            .Append($"<text transform=\"translate(14,{Svg.N(Top + PlotHeight / 2)}) rotate(-90)\" text-anchor=\"middle\" fill=\"#444444\">{Svg.E(data.YAxisLabel)}</text>")
            .Append($"<text x=\"{Svg.N(Left + PlotWidth / 2)}\" y=\"{Height - 22}\" text-anchor=\"middle\" fill=\"#444444\">{Svg.E(data.XAxisLabel)}</text>");
    }

    /// <summary>Labels under the x axis at the given centres, at most <see cref="MaxXLabels"/> of them (always the last).</summary>
    public void XLabels(StringBuilder svg, Func<int, double> centre)
    {
        var count = data.XLabels.Count;
        var step = Math.Max(1, (int)Math.Ceiling(count / (double)MaxXLabels));
        for (var i = 0; i < count; i++)
        {
            var show = i == count - 1 || i % step == 0 && count - 1 - i >= (step + 1) / 2;
            if (!show)
            {
                continue;
            }
            svg.Append($"<text x=\"{Svg.N(centre(i))}\" y=\"{Svg.N(PlotBottom + 14)}\" text-anchor=\"middle\" fill=\"#444444\">{Svg.E(data.XLabels[i])}</text>");
        }
    }

    public void Legend(StringBuilder svg)
    {
        double x = Left;
        for (var i = 0; i < data.Series.Count; i++)
        {
            var name = data.Series[i].Name;
            svg.Append($"<rect x=\"{Svg.N(x)}\" y=\"8\" width=\"10\" height=\"10\" fill=\"{Palette.For(i)}\"/>")
                .Append($"<text x=\"{Svg.N(x + 14)}\" y=\"17\" fill=\"#222222\">{Svg.E(name)}</text>");
            x += 24 + 6.5 * Math.Min(name.Length, 30);
        }
    }

    public static void Empty(StringBuilder svg, string message)
        => svg.Append($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" fill=\"#666666\" font-size=\"14\">{Svg.E(message)}</text>");
}
