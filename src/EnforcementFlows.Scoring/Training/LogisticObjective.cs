using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Class-weighted mean log-loss plus an L2 penalty on the weights (not the bias), with its
/// gradient. Parameters are the hashed weights followed by the bias as the last element.
/// Evaluation order is fixed, so results are bit-for-bit reproducible.
/// </summary>
internal sealed class LogisticObjective(IReadOnlyList<SparseVector> features, IReadOnlyList<bool> labels, double positiveWeight, double negativeWeight, double l2)
{
    private readonly double _totalWeight = labels.Sum(y => y ? positiveWeight : negativeWeight);

    public double ValueAndGradient(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        int biasIndex = parameters.Length - 1;
        var weights = parameters[..biasIndex];
        double bias = parameters[biasIndex];
        gradient.Clear();
        double loss = 0;
        for (int i = 0; i < features.Count; i++)
        {
            var x = features[i];
            double margin = x.Dot(weights) + bias;
            double c = (labels[i] ? positiveWeight : negativeWeight) / _totalWeight;
            // log(1 + exp(-y m)) computed without overflow for large |m|.
            double ym = labels[i] ? margin : -margin;
            loss += c * (ym > 0 ? Math.Log(1 + Math.Exp(-ym)) : -ym + Math.Log(1 + Math.Exp(ym)));
            double residual = c * (Sigmoid(margin) - (labels[i] ? 1 : 0));
            for (int k = 0; k < x.Indices.Length; k++) gradient[x.Indices[k]] += residual * x.Values[k];
            gradient[biasIndex] += residual;
        }
        double penalty = 0;
        for (int j = 0; j < biasIndex; j++)
        {
            penalty += weights[j] * weights[j];
            gradient[j] += l2 * weights[j];
        }
        return loss + 0.5 * l2 * penalty;
    }

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
