namespace EnforcementFlows.Scoring;

/// <summary>The outcome of scoring one text.</summary>
/// <param name="Probability">Calibrated probability that the text belongs to the flagged class.</param>
/// <param name="IsFlagged">True when <paramref name="Probability"/> reaches <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The decision threshold shipped with the model.</param>
/// <param name="ModelVersion">Semantic version plus short content hash, e.g. "1.0.0+3f2a9c1b7d04".</param>
/// <param name="TopPositive">Tokens that pushed the score up most, strongest first.</param>
/// <param name="TopNegative">Tokens that pushed the score down most, strongest first.</param>
public sealed record ScoreResult(
    double Probability,
    bool IsFlagged,
    double Threshold,
    string ModelVersion,
    IReadOnlyList<TokenContribution> TopPositive,
    IReadOnlyList<TokenContribution> TopNegative)
{
    /// <summary>"spam" when flagged, "ham" otherwise.</summary>
    public string Label => IsFlagged ? "spam" : "ham";
}

/// <summary>
/// One feature's share of the score, in log-odds before calibration. Token is the first
/// text seen for the feature: a word, "w1 w2" for a bigram, or "namespace:value"
/// (e.g. "subject:free", "url:example.com", "header:x-mailer").
/// </summary>
public readonly record struct TokenContribution(string Token, double Contribution);
