using System.Globalization;
using System.Text;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>Plain-text rendering of a <see cref="MetricReport"/> for terminals and logs.</summary>
public static class MetricReportText
{
    public static string Format(MetricReport report, string title)
    {
        var text = new StringBuilder();
        var c = report.Confusion;
        Line(text, $"{title}: {report.Count} examples, {report.Positives} positive");
        Line(text, $"  ROC-AUC                 {report.RocAuc:F4}");
        Line(text, $"  PR-AUC (avg precision)  {report.PrAuc:F4}");
        Line(text, $"  Recall @ precision≥{MetricReport.TargetPrecision:F2} {report.RecallAtTargetPrecision:F4} (threshold {report.ThresholdAtTargetPrecision:F4})");
        Line(text, $"  At shipped threshold {report.Threshold:F4}: precision {report.Precision:F4}, recall {report.Recall:F4}, F1 {report.F1:F4}");
        Line(text, $"  Confusion: TP {c.TruePositives}  FP {c.FalsePositives}  TN {c.TrueNegatives}  FN {c.FalseNegatives}");
        Line(text, $"  Brier {report.Brier:F4}   log-loss {report.LogLoss:F4}");
        text.AppendLine("  Reliability (predicted → observed):");
        foreach (var bin in report.Reliability.Where(b => b.Count > 0))
            Line(text, (FormattableString)$"    [{bin.Lower:F1}, {bin.Upper:F1})  n={bin.Count,5}  mean p={bin.MeanPredicted:F3}  observed={bin.ObservedRate:F3}");
        return text.ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) =>
        text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
