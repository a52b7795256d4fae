using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring;

/// <summary>
/// The trained linear model's parameters as the fast path scores with them (read out of the
/// ML.NET model): one float weight per hashing slot, a bias, the calibration and the decision
/// threshold, plus the feature configuration they only make sense with. Immutable.
/// </summary>
internal sealed class ScoringModel
{
    public ScoringModel(FeatureConfig features, float[] weights, double bias, SigmoidCalibration calibration, double threshold, ModelMetadata metadata)
    {
        if (weights.Length != features.Width)
            throw new ArgumentException($"Expected {features.Width} weights for 2^{features.HashBits} hashing, got {weights.Length}.", nameof(weights));
        Features = features;
        Weights = weights;
        Bias = bias;
        Calibration = calibration;
        Threshold = threshold;
        Metadata = metadata;
    }

    public FeatureConfig Features { get; }
    public float[] Weights { get; }
    public double Bias { get; }
    public SigmoidCalibration Calibration { get; }
    public double Threshold { get; }
    public ModelMetadata Metadata { get; }

    /// <summary>Raw logit of already extracted features (before calibration).</summary>
    public double Margin(FeatureAccumulator features)
    {
        double sum = Bias;
        var weights = Weights;
        for (int s = 0; s < features.Count; s++) sum += weights[features.IndexAt(s)] * features.CountAt(s);
        return sum;
    }
}
