using System.Globalization;
using System.Text;
using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>One model scored on one data set, for evaluate's report and side-by-side table.</summary>
internal sealed record ModelEvaluation(string Name, TextScorer Scorer, IReadOnlyList<ScoredExample> Scored, MetricReport Report, double Seconds, double? EngineDifference)
{
    public string TrainerName => Scorer.Metadata.Trainer;

    public static ModelEvaluation Run(string name, IReadOnlyList<LabeledExample> examples)
    {
        var scorer = ModelOption.Load(name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scored = examples.Select(e => new ScoredExample(scorer.Probability(e.Text), e.IsPositive)).ToArray();
        double seconds = clock.Elapsed.TotalSeconds;
        return new ModelEvaluation(name, scorer, scored, MetricReport.Compute(scored, scorer.Threshold), seconds, LargestEngineDifference(scorer, examples, scored));
    }

    // The fast path's probabilities against ML.NET's own PredictionEngine on the same features.
    private static double? LargestEngineDifference(TextScorer scorer, IReadOnlyList<LabeledExample> examples, ScoredExample[] scored)
    {
        if (scorer.Model is null) return null;
        var engine = scorer.CreateMlNetEngine();
        double largest = 0;
        for (int i = 0; i < examples.Count; i++)
            largest = Math.Max(largest, Math.Abs(scorer.ProbabilityFromMlNetEngine(examples[i].Text, engine) - scored[i].Probability));
        return largest;
    }

    public static string SideBySide(IReadOnlyList<ModelEvaluation> evaluations, string description)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Side by side on {description}:");
        Row(text, "model", evaluations.Select(e => e.Scorer.ModelVersion));
        Row(text, "trainer", evaluations.Select(e => e.TrainerName));
        Row(text, "ROC-AUC", evaluations.Select(e => F(e.Report.RocAuc)));
        Row(text, "PR-AUC", evaluations.Select(e => F(e.Report.PrAuc)));
        Row(text, "recall @ P>=0.99", evaluations.Select(e => F(e.Report.RecallAtTargetPrecision)));
        Row(text, "P / R at shipped threshold", evaluations.Select(e => $"{F(e.Report.Precision)} / {F(e.Report.Recall)} at {F(e.Report.Threshold)}"));
        Row(text, "Brier / log-loss", evaluations.Select(e => $"{F(e.Report.Brier)} / {F(e.Report.LogLoss)}"));
        return text.ToString();
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, string label, IEnumerable<string> cells) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-28} {string.Join("  |  ", cells)}");
}
