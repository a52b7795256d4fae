using EnforcementFlows.Scoring.Features;
using Microsoft.ML;

namespace EnforcementFlows.Scoring.MlNet;

/// <summary>
/// A trained ML.NET chain (classifier, then the Platt calibrator fitted out of fold) with
/// what our wrapper file keeps beside it: the feature configuration the Features column was
/// computed with, the decision threshold and the training metadata.
/// </summary>
internal sealed class MlNetModel(MLContext context, ITransformer transformer, FeatureConfig features, double threshold, ModelMetadata metadata)
{
    private LinearParameters? _linear;
    private bool _linearRead;

    public MLContext Context { get; } = context;
    public ITransformer Transformer { get; } = transformer;
    public FeatureConfig Features { get; } = features;
    public double Threshold { get; } = threshold;
    public ModelMetadata Metadata { get; } = metadata;

    /// <summary>Weights, bias and calibration when the classifier is linear; null for trees.</summary>
    public LinearParameters? Linear
    {
        get
        {
            if (!_linearRead)
            {
                _linear = LinearParameters.TryExtract(Transformer, Features.Width);
                _linearRead = true;
            }
            return _linear;
        }
    }

    /// <summary>The parameters as the scorer's fast path uses them, when the classifier is linear.</summary>
    public ScoringModel? ToScoringModel() =>
        Linear is { } linear ? new ScoringModel(Features, linear.Weights, linear.Bias, linear.Calibration, Threshold, Metadata) : null;
}
