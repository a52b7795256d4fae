namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>Counts at one decision threshold (probability ≥ threshold means flagged).</summary>
public sealed record ConfusionMatrix(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public static ConfusionMatrix At(IReadOnlyList<ScoredExample> examples, double threshold)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var e in examples)
        {
            bool flagged = e.Probability >= threshold;
            if (flagged && e.IsPositive) tp++;
            else if (flagged) fp++;
            else if (e.IsPositive) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    // Precision with nothing flagged is defined as 1: no flag was wrong.
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
