namespace EnforcementFlows.Enforcement.Scoring;

/// <summary>
/// Combines a case's signals into one score. Pure and deterministic: the same input always gives the
/// same score, bit for bit, because every sum runs in a fixed order. Raising any input never lowers the score.
/// </summary>
public sealed class CaseScorer
{
    private readonly ScoringOptions _options;

    public CaseScorer(ScoringOptions? options = null)
    {
        _options = options ?? ScoringOptions.Default;
        _options.Validate();
    }

    public CaseScore Score(CaseScoringInput input)
    {
        CheckInput(input);
        var reporters = DistinctReporters(input.Reporters);

        var contributions = new List<ScoreContribution>
        {
            Line(ContributionNames.Detectors, CombinedDetectorConfidence(input.Detectors), _options.DetectorWeight, static x => x),
            Line(ContributionNames.Reporters, reporters.Count, _options.ReporterCountWeight, n => Saturate(n, _options.ReportersAtHalfStrength)),
            Line(ContributionNames.ReporterReliability, reporters.Count == 0 ? 0 : reporters.Max(Reliability), _options.ReporterReliabilityWeight, static x => x),
            Line(ContributionNames.PriorActions, input.PriorActions, _options.PriorActionsWeight, n => Saturate(n, _options.PriorActionsAtHalfStrength)),
        };

        if (input.Text is { } text)
        {
            contributions.Add(Line(ContributionNames.TextScore, text.Probability, _options.TextWeight, static x => x));
        }

        var total = 0.0;
        foreach (var contribution in contributions)
        {
            total += contribution.Contribution;
        }

        return new CaseScore(Math.Clamp(total, 0, 1), contributions, input.Text?.ModelVersion, TextScoreAbsent: input.Text is null);
    }

    /// <summary>Reliability of one reporter, pulled toward the prior when they have little history.</summary>
    public double Reliability(ReporterEvidence reporter) =>
        (reporter.PastReportsUpheld + _options.ReliabilityPriorUpheld)
        / (reporter.PastReports + _options.ReliabilityPriorUpheld + _options.ReliabilityPriorNotUpheld);

    private static ScoreContribution Line(string name, double input, double weight, Func<double, double> strength) =>
        new(name, input, weight * strength(input));

    private static double Saturate(double count, double atHalfStrength) => 1 - Math.Pow(2, -count / atHalfStrength);

    // Independent detectors corroborate each other (noisy-or); one detector repeating itself does not.
    private static double CombinedDetectorConfidence(IReadOnlyList<DetectorEvidence> detectors)
    {
        var allMiss = 1.0;
        foreach (var best in detectors
                     .GroupBy(d => d.Detector, StringComparer.Ordinal)
                     .Select(g => g.Max(d => d.Confidence))
                     .Order())
        {
            allMiss *= 1 - best;
        }

        return 1 - allMiss;
    }

    // A reporter filing twice is still one voice; keep the fuller history if the caller sent two.
    private static List<ReporterEvidence> DistinctReporters(IReadOnlyList<ReporterEvidence> reporters) =>
        reporters.GroupBy(r => r.ReporterId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.PastReports)!)
            .ToList();

    private static void CheckInput(CaseScoringInput input)
    {
        if (input.Detectors.Any(d => !(d.Confidence is >= 0 and <= 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(input), "detector confidences must be in [0, 1]");
        }

        if (input.Reporters.Any(r => r.PastReports < 0 || r.PastReportsUpheld < 0 || r.PastReportsUpheld > r.PastReports))
        {
            throw new ArgumentOutOfRangeException(nameof(input), "reporter history needs 0 <= upheld <= past reports");
        }

        if (input.PriorActions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(input), "prior actions cannot be negative");
        }

        if (input.Text is { } text && !(text.Probability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(input), "text probability must be in [0, 1]");
        }
    }
}
