namespace EnforcementFlows.Scoring.Tests;

public class TextScorerTests
{
    private const string Spam = "URGENT: claim your free prize now!!! Click http://claim.example.biz to collect your $1000";

    [Fact]
    public void Score_ReportsProbabilityThresholdAndVersion()
    {
        var scorer = FixtureModel.Scorer;

        var result = scorer.Score(Spam);

        Assert.InRange(result.Probability, 0, 1);
        Assert.Equal(scorer.Threshold, result.Threshold);
        Assert.Equal(result.Probability >= result.Threshold, result.IsFlagged);
        Assert.Equal(result.IsFlagged ? "spam" : "ham", result.Label);
        Assert.Equal(scorer.ModelVersion, result.ModelVersion);
        Assert.Equal(scorer.Probability(Spam), result.Probability);
    }

    [Fact]
    public void Score_Explanations_AreSortedSignedAndCapped()
    {
        var result = FixtureModel.Scorer.Score(Spam + " thanks for the meeting notes and the review", explanationCount: 3);

        Assert.InRange(result.TopPositive.Count, 1, 3);
        Assert.InRange(result.TopNegative.Count, 1, 3);
        Assert.All(result.TopPositive, c => Assert.True(c.Contribution > 0));
        Assert.All(result.TopNegative, c => Assert.True(c.Contribution < 0));
        Assert.Equal(result.TopPositive.OrderByDescending(c => c.Contribution), result.TopPositive);
        Assert.Equal(result.TopNegative.OrderBy(c => c.Contribution), result.TopNegative);
    }

    [Fact]
    public void Score_Explanations_NameTheTokensThatDroveTheScore()
    {
        var result = FixtureModel.Scorer.Score("claim your free prize now");

        var tokens = result.TopPositive.Select(c => c.Token).ToList();
        Assert.Contains(tokens, t => t is "claim" or "free" or "prize" or "now" or "your" || t.Contains(' '));
    }

    [Fact]
    public void Score_NoExplanationsRequested_ReturnsEmptyLists()
    {
        var result = FixtureModel.Scorer.Score(Spam, explanationCount: 0);

        Assert.Empty(result.TopPositive);
        Assert.Empty(result.TopNegative);
    }

    [Fact]
    public void Score_FromManyThreads_MatchesSequentialScores()
    {
        var texts = FixtureModel.Examples.Select(e => e.Text).ToArray();
        var scorer = FixtureModel.Scorer;
        var sequential = texts.Select(t => scorer.Score(t)).ToArray();

        var parallel = new ScoreResult[texts.Length * 8];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = scorer.Score(texts[i % texts.Length]));

        for (int i = 0; i < parallel.Length; i++)
        {
            var expected = sequential[i % texts.Length];
            Assert.Equal(expected.Probability, parallel[i].Probability);
            Assert.Equal(expected.TopPositive, parallel[i].TopPositive);
        }
    }

    [Fact]
    public void Score_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => FixtureModel.Scorer.Score(null!));
    }
}
