using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>Knobs for <see cref="Trainer"/>; the defaults are what the shipped model uses.</summary>
public sealed record TrainingOptions
{
    /// <summary>Drives the train/validation split; the optimiser itself is deterministic.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of each class held out to choose L2, calibrate and set the threshold.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>L2 strengths tried; the one with the best calibrated validation log-loss wins.</summary>
    public IReadOnlyList<double> L2Candidates { get; init; } = [1e-4, 3e-5, 1e-5, 3e-6];

    public int MaxIterations { get; init; } = 300;

    /// <summary>Weight classes inversely to their frequency so rare abuse is not ignored.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>The shipped threshold is the highest one reaching this precision on validation.</summary>
    public double TargetPrecision { get; init; } = 0.99;

    /// <summary>Semantic version written into the model file.</summary>
    public string Version { get; init; } = "1.0.0";

    public FeatureConfig Features { get; init; } = new();
}
