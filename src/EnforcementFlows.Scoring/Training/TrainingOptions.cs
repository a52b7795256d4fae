using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>Knobs for <see cref="Trainer"/>; the defaults are what the shipped model uses.</summary>
public sealed record TrainingOptions
{
    /// <summary>Drives the train/validation split; the optimiser itself is deterministic.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Cross-validation folds. Fold 0 picks the L2 strength; out-of-fold predictions over all
    /// folds fit the calibration and the threshold; the final model is fitted on everything.
    /// </summary>
    public int Folds { get; init; } = 5;

    /// <summary>L2 strengths tried; the one with the best calibrated log-loss on fold 0 wins.</summary>
    public IReadOnlyList<double> L2Candidates { get; init; } = [1e-5, 1e-6, 1e-7];

    public int MaxIterations { get; init; } = 300;

    /// <summary>Weight classes inversely to their frequency so rare abuse is not ignored.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>The shipped threshold is the highest one reaching this precision out of fold.</summary>
    public double TargetPrecision { get; init; } = 0.99;

    /// <summary>Semantic version written into the model file.</summary>
    public string Version { get; init; } = "1.0.0";

    public FeatureConfig Features { get; init; } = new();
}
