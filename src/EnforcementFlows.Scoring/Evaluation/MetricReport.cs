namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>Everything evaluate reports about a model on one labelled data set.</summary>
public sealed record MetricReport
{
    /// <summary>The precision floor used for <see cref="RecallAtTargetPrecision"/>.</summary>
    public const double TargetPrecision = 0.99;

    public required int Count { get; init; }
    public required int Positives { get; init; }
    public required double RocAuc { get; init; }
    public required double PrAuc { get; init; }
    public required double Threshold { get; init; }
    public required double Precision { get; init; }
    public required double Recall { get; init; }
    public required double F1 { get; init; }
    public required double RecallAtTargetPrecision { get; init; }
    public required double ThresholdAtTargetPrecision { get; init; }
    public required ConfusionMatrix Confusion { get; init; }
    public required double Brier { get; init; }
    public required double LogLoss { get; init; }
    public required IReadOnlyList<ReliabilityBin> Reliability { get; init; }

    public static MetricReport Compute(IReadOnlyList<ScoredExample> examples, double threshold)
    {
        var confusion = ConfusionMatrix.At(examples, threshold);
        var (recallAtTarget, thresholdAtTarget) = RankingMetrics.RecallAtPrecision(examples, TargetPrecision);
        return new MetricReport
        {
            Count = examples.Count,
            Positives = RankingMetrics.Counts(examples).Positives,
            RocAuc = RankingMetrics.RocAuc(examples),
            PrAuc = RankingMetrics.AveragePrecision(examples),
            Threshold = threshold,
            Precision = confusion.Precision,
            Recall = confusion.Recall,
            F1 = confusion.F1,
            RecallAtTargetPrecision = recallAtTarget,
            ThresholdAtTargetPrecision = thresholdAtTarget,
            Confusion = confusion,
            Brier = CalibrationMetrics.Brier(examples),
            LogLoss = CalibrationMetrics.LogLoss(examples),
            Reliability = CalibrationMetrics.Reliability(examples),
        };
    }
}
