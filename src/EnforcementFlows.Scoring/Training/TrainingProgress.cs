namespace EnforcementFlows.Scoring.Training;

/// <summary>Progress of a training run: the stage and how far along it is (0..1).</summary>
public readonly record struct TrainingProgress(string Stage, double Fraction);
