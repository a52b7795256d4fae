using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.Training;

namespace EnforcementFlows.Scoring.Persistence;

/// <summary>The JSON part of a model file: everything except the weights themselves.</summary>
internal sealed record ModelHeader
{
    public required ModelMetadata Metadata { get; init; }
    public required FeatureConfig Features { get; init; }
    public required double Bias { get; init; }
    public required PlattCalibration Calibration { get; init; }
    public required double Threshold { get; init; }
}
