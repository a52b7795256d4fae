namespace EnforcementFlows.Enforcement.Scoring;

/// <summary>
/// Weights of the case score. The score is the sum of per-input contributions, clamped to [0, 1];
/// each contribution is its weight times an evidence strength in [0, 1], so a weight is the most
/// that input can ever add. The defaults sum to 1.1: no single input can reach 1 on its own, but
/// strong agreement between several saturates the score.
/// </summary>
public sealed record ScoringOptions
{
    /// <summary>Weight of the detectors' combined confidence (noisy-or across detectors of each detector's highest confidence).</summary>
    public double DetectorWeight { get; init; } = 0.45;

    /// <summary>Weight of the number of distinct reporters, saturating as <c>1 - 2^(-n / ReportersAtHalfStrength)</c>.</summary>
    public double ReporterCountWeight { get; init; } = 0.15;

    public double ReportersAtHalfStrength { get; init; } = 2;

    /// <summary>
    /// Weight of the most reliable reporter's reliability. The best reporter, not an average, is used so a
    /// newcomer joining never lowers the score and a crowd of unknown accounts cannot stand in for one proven reporter.
    /// </summary>
    public double ReporterReliabilityWeight { get; init; } = 0.15;

    /// <summary>
    /// Beta prior on reliability: reliability = (upheld + PriorUpheld) / (past + PriorUpheld + PriorNotUpheld).
    /// With 1 and 3 a reporter with no history counts as 0.25: a little, not nothing.
    /// </summary>
    public double ReliabilityPriorUpheld { get; init; } = 1;

    public double ReliabilityPriorNotUpheld { get; init; } = 3;

    /// <summary>Weight of the account's prior upheld actions, saturating as <c>1 - 2^(-n / PriorActionsAtHalfStrength)</c>.</summary>
    public double PriorActionsWeight { get; init; } = 0.10;

    public double PriorActionsAtHalfStrength { get; init; } = 1;

    /// <summary>Weight of the optional text model's probability; an absent text score adds nothing.</summary>
    public double TextWeight { get; init; } = 0.25;

    public static ScoringOptions Default { get; } = new();

    internal void Validate()
    {
        double[] weights = [DetectorWeight, ReporterCountWeight, ReporterReliabilityWeight, PriorActionsWeight, TextWeight];
        if (weights.Any(w => !(w >= 0)))
        {
            throw new ArgumentException("scoring weights must be non-negative numbers");
        }

        double[] positives = [ReportersAtHalfStrength, PriorActionsAtHalfStrength, ReliabilityPriorUpheld, ReliabilityPriorNotUpheld];
        if (positives.Any(p => !(p > 0)))
        {
            throw new ArgumentException("half-strength counts and reliability priors must be positive");
        }
    }
}
