using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring;

/// <summary>What a model file records about how and on what the model was trained.</summary>
public sealed record ModelMetadata
{
    /// <summary>Semantic version chosen by whoever trained the model.</summary>
    public required string SemanticVersion { get; init; }
    public required DateTimeOffset TrainedAt { get; init; }
    public required string DataFingerprint { get; init; }
    public required int TrainingExamples { get; init; }
    /// <summary>Cross-validation folds behind <see cref="ValidationMetrics"/>, the calibration and the threshold.</summary>
    public required int Folds { get; init; }
    public required int Seed { get; init; }
    public required double L2 { get; init; }
    /// <summary>Which ML.NET trainer fitted the model, e.g. "ML.NET LbfgsLogisticRegression + Platt".</summary>
    public string Trainer { get; init; } = "";
    /// <summary>Free-form description of the training data (e.g. corpus groups or JSONL file names).</summary>
    public string DataDescription { get; init; } = "";
    /// <summary>Out-of-fold metrics on the training data (what the calibration and threshold were fitted on).</summary>
    public MetricReport? ValidationMetrics { get; init; }
}
