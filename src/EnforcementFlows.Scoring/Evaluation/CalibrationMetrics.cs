namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>One bin of a reliability table: predicted probability against observed frequency.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);

/// <summary>How trustworthy the probabilities are, not just their ranking.</summary>
public static class CalibrationMetrics
{
    /// <summary>Mean squared difference between probability and outcome (0 is perfect).</summary>
    public static double Brier(IReadOnlyList<ScoredExample> examples) =>
        examples.Count == 0 ? double.NaN : examples.Average(e => Math.Pow(e.Probability - (e.IsPositive ? 1 : 0), 2));

    /// <summary>Mean negative log-likelihood, with probabilities clamped away from 0 and 1.</summary>
    public static double LogLoss(IReadOnlyList<ScoredExample> examples)
    {
        const double epsilon = 1e-15;
        return examples.Count == 0 ? double.NaN : examples.Average(e =>
        {
            double p = Math.Clamp(e.Probability, epsilon, 1 - epsilon);
            return -Math.Log(e.IsPositive ? p : 1 - p);
        });
    }

    /// <summary>Equal-width bins over [0, 1]; the last bin includes 1.</summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(IReadOnlyList<ScoredExample> examples, int binCount = 10)
    {
        var bins = new List<ReliabilityBin>(binCount);
        for (int b = 0; b < binCount; b++)
        {
            double lower = b / (double)binCount, upper = (b + 1) / (double)binCount;
            var members = examples.Where(e => e.Probability >= lower && (e.Probability < upper || (b == binCount - 1 && e.Probability <= upper))).ToList();
            bins.Add(new ReliabilityBin(lower, upper, members.Count,
                members.Count == 0 ? double.NaN : members.Average(e => e.Probability),
                members.Count == 0 ? double.NaN : members.Average(e => e.IsPositive ? 1.0 : 0.0)));
        }
        return bins;
    }
}
