using EnforcementFlows.Enforcement.Scoring;

namespace EnforcementFlows.Enforcement.Tests.Scoring;

public class CaseScorerTests
{
    private readonly CaseScorer _scorer = new();

    [Fact]
    public void Score_NoEvidence_IsZeroAndSaysTextAbsent()
    {
        var score = _scorer.Score(new CaseScoringInput());

        Assert.Equal(0, score.Value);
        Assert.True(score.TextScoreAbsent);
        Assert.Null(score.ModelVersion);
        Assert.DoesNotContain(score.Contributions, c => c.Name == ContributionNames.TextScore);
        Assert.Contains("text score absent", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WithTextScore_CarriesModelVersionAndContribution()
    {
        var score = _scorer.Score(new CaseScoringInput { Text = new TextScore(0.8, "tfidf-lr-2026.11") });

        Assert.False(score.TextScoreAbsent);
        Assert.Equal("tfidf-lr-2026.11", score.ModelVersion);
        var text = Assert.Single(score.Contributions, c => c.Name == ContributionNames.TextScore);
        Assert.Equal(0.8 * ScoringOptions.Default.TextWeight, text.Contribution, 12);
        Assert.DoesNotContain("absent", score.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ContributionsAddUpToValueBelowSaturation()
    {
        var score = _scorer.Score(new CaseScoringInput
        {
            Detectors = [new("a", 0.5)],
            Reporters = [new("r1", 10, 9)],
            PriorActions = 1,
        });

        Assert.Equal(score.Contributions.Sum(c => c.Contribution), score.Value, 12);
        Assert.InRange(score.Value, 0.01, 0.99);
    }

    [Fact]
    public void Score_OneDetectorRepeating_CountsOnceButIndependentDetectorsCorroborate()
    {
        var once = _scorer.Score(new CaseScoringInput { Detectors = [new("a", 0.6)] }).Value;
        var repeated = _scorer.Score(new CaseScoringInput { Detectors = [new("a", 0.6), new("a", 0.6), new("a", 0.3)] }).Value;
        var corroborated = _scorer.Score(new CaseScoringInput { Detectors = [new("a", 0.6), new("b", 0.6)] }).Value;

        Assert.Equal(once, repeated);
        Assert.True(corroborated > once);
    }

    [Fact]
    public void Score_SameReporterTwice_CountsOnce()
    {
        var once = _scorer.Score(new CaseScoringInput { Reporters = [new("r1", 0, 0)] });
        var twice = _scorer.Score(new CaseScoringInput { Reporters = [new("r1", 0, 0), new("r1", 0, 0)] });

        Assert.Equal(once.Value, twice.Value);
        Assert.Equal(1, twice.Contributions.Single(c => c.Name == ContributionNames.Reporters).Input);
    }

    [Fact]
    public void Reliability_NewReporterCountsALittle_ProvenReporterMore()
    {
        var newcomer = _scorer.Reliability(new ReporterEvidence("new", 0, 0));
        var proven = _scorer.Reliability(new ReporterEvidence("pro", 50, 45));
        var unreliable = _scorer.Reliability(new ReporterEvidence("noisy", 50, 1));

        Assert.Equal(0.25, newcomer, 12);
        Assert.True(proven > 0.8);
        Assert.True(unreliable < newcomer);
    }

    [Fact]
    public void Score_ManyStrongSignals_SaturatesAtOne()
    {
        var score = _scorer.Score(new CaseScoringInput
        {
            Detectors = [new("a", 1), new("b", 1)],
            Reporters = Enumerable.Range(0, 30).Select(i => new ReporterEvidence($"r{i}", 100, 100)).ToList(),
            PriorActions = 20,
            Text = new TextScore(1, "m"),
        });

        Assert.Equal(1, score.Value);
    }

    [Fact]
    public void Score_SameInput_IsBitForBitRepeatable()
    {
        var input = new CaseScoringInput { Detectors = [new("b", 0.3), new("a", 0.7), new("c", 0.11)], Reporters = [new("r", 3, 2)] };
        var reordered = input with { Detectors = [.. input.Detectors.Reverse()] };

        Assert.Equal(_scorer.Score(input).Value, _scorer.Score(reordered).Value);
    }

    [Theory]
    [InlineData(1.2, 0, 0)]
    [InlineData(0.5, -1, 0)]
    [InlineData(0.5, 0, 2)]
    public void Score_OutOfRangeInput_Throws(double confidence, int priorActions, int upheldBeyondPast)
    {
        var input = new CaseScoringInput
        {
            Detectors = [new("a", confidence)],
            PriorActions = priorActions,
            Reporters = [new("r", 1, upheldBeyondPast == 0 ? 0 : 2)],
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => _scorer.Score(input));
    }

    [Fact]
    public void Constructor_NegativeWeight_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CaseScorer(new ScoringOptions { TextWeight = -0.1 }));
    }
}
