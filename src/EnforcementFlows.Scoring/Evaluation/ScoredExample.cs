namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>A predicted probability next to the true label.</summary>
public readonly record struct ScoredExample(double Probability, bool IsPositive);
