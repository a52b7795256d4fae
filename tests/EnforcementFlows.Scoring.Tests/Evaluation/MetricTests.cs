using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring.Tests.Evaluation;

public class MetricTests
{
    // Ranked: P(0.9) N(0.8) P(0.7) N(0.6). Hand-computed values are in each test.
    private static readonly ScoredExample[] Ranked =
    [
        new(0.7, true), new(0.6, false), new(0.9, true), new(0.8, false),
    ];

    [Fact]
    public void RocAuc_CountsCorrectlyOrderedPairs()
    {
        // Pairs (P, N): (0.9,0.8) ✓ (0.9,0.6) ✓ (0.7,0.8) ✗ (0.7,0.6) ✓ → 3/4.
        Assert.Equal(0.75, RankingMetrics.RocAuc(Ranked), 10);
    }

    [Fact]
    public void RocAuc_TiedScoresCountHalf()
    {
        ScoredExample[] tied = [new(0.5, true), new(0.5, false), new(0.9, true), new(0.1, false)];

        // Pairs: (0.5,0.5) ½, (0.5,0.1) 1, (0.9,0.5) 1, (0.9,0.1) 1 → 3.5/4.
        Assert.Equal(0.875, RankingMetrics.RocAuc(tied), 10);
    }

    [Fact]
    public void RocAuc_PerfectAndReversedRankings()
    {
        Assert.Equal(1.0, RankingMetrics.RocAuc([new(0.9, true), new(0.1, false)]));
        Assert.Equal(0.0, RankingMetrics.RocAuc([new(0.1, true), new(0.9, false)]));
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([new(0.1, true)])));
    }

    [Fact]
    public void AveragePrecision_WeighsPrecisionByRecallSteps()
    {
        // Positives at ranks 1 and 3: ½·(1/1) + ½·(2/3) = 0.8333…
        Assert.Equal(0.5 + 1.0 / 3.0, RankingMetrics.AveragePrecision(Ranked), 10);
    }

    [Fact]
    public void RecallAtPrecision_FindsTheBestRecallMeetingTheFloor()
    {
        // Precision ≥ 0.99 only at the top example: recall ½ at threshold 0.9.
        Assert.Equal((0.5, 0.9), RankingMetrics.RecallAtPrecision(Ranked, 0.99));
        // Precision ≥ 0.6: at threshold 0.7 precision is 2/3 and recall 1.
        Assert.Equal((1.0, 0.7), RankingMetrics.RecallAtPrecision(Ranked, 0.6));
    }

    [Fact]
    public void RecallAtPrecision_NoThresholdQualifies_ReturnsZeroRecallAndNaN()
    {
        var (recall, threshold) = RankingMetrics.RecallAtPrecision([new(0.9, false), new(0.1, true)], 0.99);

        Assert.Equal(0, recall);
        Assert.True(double.IsNaN(threshold));
    }

    [Fact]
    public void ConfusionMatrix_AtThreshold_CountsAndDerivedRates()
    {
        var confusion = ConfusionMatrix.At(Ranked, 0.65);

        Assert.Equal(new ConfusionMatrix(2, 1, 1, 0), confusion);
        Assert.Equal(2.0 / 3.0, confusion.Precision, 10);
        Assert.Equal(1.0, confusion.Recall, 10);
        Assert.Equal(0.8, confusion.F1, 10);
    }

    [Fact]
    public void Brier_IsTheMeanSquaredError()
    {
        // (0.3² + 0.6² + 0.1² + 0.8²) / 4 = (0.09 + 0.36 + 0.01 + 0.64) / 4 = 0.275
        Assert.Equal(0.275, CalibrationMetrics.Brier(Ranked), 10);
    }

    [Fact]
    public void LogLoss_MatchesTheHandComputedValue()
    {
        double expected = -(Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.9) + Math.Log(0.2)) / 4;

        Assert.Equal(expected, CalibrationMetrics.LogLoss(Ranked), 10);
    }

    [Fact]
    public void Reliability_BinsByPredictedProbability()
    {
        var bins = CalibrationMetrics.Reliability(Ranked, binCount: 2);

        Assert.Equal(2, bins.Count);
        Assert.Equal(0, bins[0].Count); // nothing below 0.5
        Assert.Equal(4, bins[1].Count);
        Assert.Equal(0.75, bins[1].MeanPredicted, 10);
        Assert.Equal(0.5, bins[1].ObservedRate, 10);
    }

    [Fact]
    public void Reliability_ProbabilityOfOneLandsInTheLastBin()
    {
        var bins = CalibrationMetrics.Reliability([new(1.0, true)], binCount: 10);

        Assert.Equal(1, bins[^1].Count);
    }

    [Fact]
    public void MetricReport_CombinesTheParts()
    {
        var report = MetricReport.Compute(Ranked, 0.65);

        Assert.Equal(4, report.Count);
        Assert.Equal(2, report.Positives);
        Assert.Equal(0.75, report.RocAuc, 10);
        Assert.Equal(0.5, report.RecallAtTargetPrecision, 10);
        Assert.Equal(0.8, report.F1, 10);
    }
}

public class CategoryBreakdownTests
{
    [Fact]
    public void Compute_GroupsByCategoryAndCountsFlagsAtTheThreshold()
    {
        (string?, ScoredExample)[] rows =
        [
            ("phishing", new(0.9, true)), ("phishing", new(0.2, true)),
            ("work", new(0.8, false)), ("work", new(0.1, false)), (null, new(0.7, true)),
        ];

        var breakdown = CategoryBreakdown.Compute(rows, threshold: 0.5);

        Assert.Equal(["(none)", "phishing", "work"], breakdown.Select(r => r.Category));
        var phishing = breakdown[1];
        Assert.Equal((2, 2, 1, 1), (phishing.Count, phishing.Positives, phishing.Flagged, phishing.FlaggedPositives));
        Assert.Equal(0.5, phishing.Recall);
        Assert.True(double.IsNaN(phishing.FalsePositiveRate));
        Assert.Equal(0.5, breakdown[2].FalsePositiveRate);
    }
}
