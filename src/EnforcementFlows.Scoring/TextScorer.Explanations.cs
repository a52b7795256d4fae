using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring;

public sealed partial class TextScorer
{
    /// <summary>
    /// Picks the strongest contributions with a small insertion-sorted top-k per direction,
    /// so only the k winning token names are turned into strings.
    /// </summary>
    private static (TokenContribution[] Positive, TokenContribution[] Negative) Explain(ScoringModel model, FeatureAccumulator features, int count)
    {
        if (count == 0) return ([], []);
        Span<int> topPositive = stackalloc int[count];
        Span<int> topNegative = stackalloc int[count];
        Span<double> positiveValues = stackalloc double[count];
        Span<double> negativeValues = stackalloc double[count];
        int positives = 0, negatives = 0;
        var weights = model.Weights;
        for (int s = 0; s < features.Count; s++)
        {
            double contribution = weights[features.IndexAt(s)] * (double)features.CountAt(s);
            if (contribution > 0) Insert(topPositive, positiveValues, ref positives, s, contribution);
            else if (contribution < 0) Insert(topNegative, negativeValues, ref negatives, s, -contribution);
        }
        return (Materialize(features, topPositive[..positives], positiveValues, 1),
                Materialize(features, topNegative[..negatives], negativeValues, -1));
    }

    private static void Insert(Span<int> slots, Span<double> values, ref int used, int slot, double value)
    {
        if (used == slots.Length && value <= values[used - 1]) return;
        int at = used < slots.Length ? used++ : used - 1;
        while (at > 0 && values[at - 1] < value)
        {
            slots[at] = slots[at - 1];
            values[at] = values[at - 1];
            at--;
        }
        slots[at] = slot;
        values[at] = value;
    }

    private static TokenContribution[] Materialize(FeatureAccumulator features, ReadOnlySpan<int> slots, ReadOnlySpan<double> values, int sign)
    {
        var result = new TokenContribution[slots.Length];
        for (int k = 0; k < slots.Length; k++)
            result[k] = new TokenContribution(features.NameAt(slots[k]).ToString(), sign * values[k]);
        return result;
    }
}
