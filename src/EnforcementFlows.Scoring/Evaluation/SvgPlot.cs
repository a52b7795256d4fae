using System.Globalization;
using System.Text;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>
/// A two-panel SVG: the ROC curve and the reliability diagram, each against its diagonal.
/// Hand-written SVG keeps the plot free of a charting dependency.
/// </summary>
public static class SvgPlot
{
    private const int Panel = 320, Margin = 40;

    public static string Render(IReadOnlyList<ScoredExample> examples, MetricReport report, string title)
    {
        var svg = new StringBuilder();
        int width = 2 * (Panel + 2 * Margin);
        int height = Panel + 2 * Margin + 20;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"18\" font-size=\"14\">{Escape(title)}</text>\n");
        var roc = RankingMetrics.RocCurve(examples);
        DrawPanel(svg, 0, $"ROC (AUC {report.RocAuc:F4})", "false positive rate", "true positive rate", roc, dots: false);
        var reliability = report.Reliability.Where(b => b.Count > 0).Select(b => (b.MeanPredicted, b.ObservedRate)).ToList();
        DrawPanel(svg, 1, $"Reliability (Brier {report.Brier:F4})", "mean predicted", "observed rate", reliability, dots: true);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void DrawPanel(StringBuilder svg, int index, string caption, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> points, bool dots)
    {
        double left = index * (Panel + 2 * Margin) + Margin, top = Margin + 10;
        string X(double v) => (left + v * Panel).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double v) => (top + (1 - v) * Panel).ToString("F1", CultureInfo.InvariantCulture);
        svg.Append($"<rect x=\"{X(0)}\" y=\"{Y(1)}\" width=\"{Panel}\" height=\"{Panel}\" fill=\"none\" stroke=\"#888\"/>\n");
        svg.Append($"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#ccc\" stroke-dasharray=\"4 4\"/>\n");
        svg.Append($"<text x=\"{X(0)}\" y=\"{Y(1)}\" dy=\"-6\">{Escape(caption)}</text>\n");
        svg.Append($"<text x=\"{X(0.5)}\" y=\"{Y(0)}\" dy=\"28\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append($"<text transform=\"translate({X(0)},{Y(0.5)}) rotate(-90)\" dy=\"-26\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        foreach (var tick in (ReadOnlySpan<double>)[0, 0.5, 1])
        {
            string label = tick.ToString("0.#", CultureInfo.InvariantCulture);
            svg.Append($"<text x=\"{X(tick)}\" y=\"{Y(0)}\" dy=\"14\" text-anchor=\"middle\" fill=\"#555\">{label}</text>\n");
            svg.Append($"<text x=\"{X(0)}\" y=\"{Y(tick)}\" dx=\"-4\" dy=\"4\" text-anchor=\"end\" fill=\"#555\">{label}</text>\n");
        }
        if (points.Count == 0) return;
        var path = string.Join(" ", points.Select(p => $"{X(p.X)},{Y(p.Y)}"));
        svg.Append($"<polyline points=\"{path}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n");
        if (!dots) return;
        foreach (var (x, y) in points) svg.Append($"<circle cx=\"{X(x)}\" cy=\"{Y(y)}\" r=\"3\" fill=\"#1f77b4\"/>\n");
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
