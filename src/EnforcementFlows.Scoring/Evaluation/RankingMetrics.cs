namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>
/// Threshold-free metrics. All of them walk the examples from the highest score down and
/// treat tied scores as one step, so the result does not depend on input order.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Area under the ROC curve (ties count half, as in the Mann-Whitney U statistic).</summary>
    public static double RocAuc(IReadOnlyList<ScoredExample> examples)
    {
        var (positives, negatives) = Counts(examples);
        if (positives == 0 || negatives == 0) return double.NaN;
        double area = 0, truePositives = 0;
        foreach (var (groupPositives, groupNegatives, _) in TieGroups(examples))
        {
            // Each negative in this group ranks below all earlier positives and ties with this group's.
            area += groupNegatives * (truePositives + groupPositives / 2.0);
            truePositives += groupPositives;
        }
        return area / ((double)positives * negatives);
    }

    /// <summary>Average precision: precision at each step weighted by the recall it adds.</summary>
    public static double AveragePrecision(IReadOnlyList<ScoredExample> examples)
    {
        var (positives, _) = Counts(examples);
        if (positives == 0) return double.NaN;
        double sum = 0, truePositives = 0, flagged = 0;
        foreach (var (groupPositives, groupNegatives, _) in TieGroups(examples))
        {
            truePositives += groupPositives;
            flagged += groupPositives + groupNegatives;
            sum += groupPositives / (double)positives * (truePositives / flagged);
        }
        return sum;
    }

    /// <summary>
    /// The highest recall reachable with precision at least <paramref name="minimumPrecision"/>,
    /// and the highest threshold that reaches it (NaN threshold when no threshold does).
    /// </summary>
    public static (double Recall, double Threshold) RecallAtPrecision(IReadOnlyList<ScoredExample> examples, double minimumPrecision)
    {
        var (positives, _) = Counts(examples);
        double bestRecall = 0, bestThreshold = double.NaN, truePositives = 0, flagged = 0;
        if (positives == 0) return (double.NaN, double.NaN);
        foreach (var (groupPositives, groupNegatives, score) in TieGroups(examples))
        {
            truePositives += groupPositives;
            flagged += groupPositives + groupNegatives;
            double recall = truePositives / positives;
            if (truePositives / flagged >= minimumPrecision && recall > bestRecall)
                (bestRecall, bestThreshold) = (recall, score);
        }
        return (bestRecall, bestThreshold);
    }

    /// <summary>ROC points (false positive rate, true positive rate) from the strictest threshold down.</summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocCurve(IReadOnlyList<ScoredExample> examples)
    {
        var (positives, negatives) = Counts(examples);
        var points = new List<(double, double)> { (0, 0) };
        double tp = 0, fp = 0;
        foreach (var (groupPositives, groupNegatives, _) in TieGroups(examples))
        {
            tp += groupPositives;
            fp += groupNegatives;
            points.Add((negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives));
        }
        return points;
    }

    internal static (int Positives, int Negatives) Counts(IReadOnlyList<ScoredExample> examples)
    {
        int positives = examples.Count(e => e.IsPositive);
        return (positives, examples.Count - positives);
    }

    private static IEnumerable<(int Positives, int Negatives, double Score)> TieGroups(IReadOnlyList<ScoredExample> examples)
    {
        var sorted = examples.OrderByDescending(e => e.Probability).ToArray();
        int i = 0;
        while (i < sorted.Length)
        {
            double score = sorted[i].Probability;
            int positives = 0, negatives = 0;
            for (; i < sorted.Length && sorted[i].Probability == score; i++)
            {
                if (sorted[i].IsPositive) positives++;
                else negatives++;
            }
            yield return (positives, negatives, score);
        }
    }
}
