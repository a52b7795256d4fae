using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Persistence;

/// <summary>scorer.json inside an ML.NET model file: what the ML.NET zip does not know about.</summary>
internal sealed record MlNetModelHeader
{
    public required int FormatVersion { get; init; }
    public required ModelMetadata Metadata { get; init; }
    /// <summary>How text becomes the Features column the ML.NET model reads.</summary>
    public required FeatureConfig Features { get; init; }
    public required double Threshold { get; init; }
}
