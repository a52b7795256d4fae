using System.Globalization;

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

    /// <summary>
    /// One line for a case timeline or an approval email, e.g.
    /// "0.97 (flagged at 0.86, model 1.0.0+3f2a9c1b7d04); up: free +1.20, prize +0.90; down: thanks -0.80".
    /// </summary>
    public string ToExplanationText()
    {
        static string List(IReadOnlyList<TokenContribution> items) =>
            items.Count == 0 ? "none" : string.Join(", ", items.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Token} {c.Contribution:+0.00;-0.00}")));
        string verdict = IsFlagged ? "flagged" : "not flagged";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Probability:F2} ({verdict} at {Threshold:F2}, model {ModelVersion}); up: {List(TopPositive)}; down: {List(TopNegative)}");
    }
}

/// <summary>
/// One feature's share of the score, in log-odds before calibration. Token is the first
/// text seen for the feature: a word, "w1 w2" for a bigram, or "namespace:value"
/// (e.g. "subject:free", "url:example.com", "header:x-mailer").
/// </summary>
public readonly record struct TokenContribution(string Token, double Contribution);
