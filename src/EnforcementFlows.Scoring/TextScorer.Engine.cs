using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.MlNet;
using Microsoft.ML;

namespace EnforcementFlows.Scoring;

public sealed partial class TextScorer
{
    // PredictionEngine is not thread-safe: one per thread. Only tree models score through it.
    private readonly ThreadLocal<PredictionEngine<FeatureRows.Input, FeatureRows.Output>>? _engines;

    private PredictionEngine<FeatureRows.Input, FeatureRows.Output> CreateEngine()
    {
        var model = _mlnet;
        return model.Context.Model.CreatePredictionEngine<FeatureRows.Input, FeatureRows.Output>(
            model.Transformer, inputSchemaDefinition: FeatureRows.InputSchema(Features.Width));
    }

    private double EngineProbability(FeatureAccumulator features)
    {
        var engine = _engines?.Value ?? throw new InvalidOperationException("This scorer has no ML.NET engine.");
        var input = new FeatureRows.Input { Features = FeatureRows.ToVBuffer(features.ToSparseVector(), Features.Width) };
        return engine.Predict(input).Probability;
    }

    /// <summary>
    /// The probability ML.NET's own PredictionEngine computes for <paramref name="text"/>
    /// (same features, ML.NET's arithmetic): what the fast path is tested and benchmarked against.
    /// </summary>
    internal double ProbabilityFromMlNetEngine(string text, PredictionEngine<FeatureRows.Input, FeatureRows.Output> engine)
    {
        var extractor = Extractor();
        extractor.Extract(text, keepNames: false);
        var input = new FeatureRows.Input { Features = FeatureRows.ToVBuffer(extractor.Features.ToSparseVector(), Features.Width) };
        return engine.Predict(input).Probability;
    }

    /// <summary>A new PredictionEngine over this scorer's ML.NET model (one per thread).</summary>
    internal PredictionEngine<FeatureRows.Input, FeatureRows.Output> CreateMlNetEngine() => CreateEngine();
}
