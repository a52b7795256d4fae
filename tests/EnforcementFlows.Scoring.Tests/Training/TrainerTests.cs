using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.MlNet;
using EnforcementFlows.Scoring.Training;

namespace EnforcementFlows.Scoring.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void Train_OnTheFixture_SeparatesUnseenSpamFromUnseenHam()
    {
        var scorer = FixtureModel.Scorer;

        double spam = scorer.Score("Click now to claim your free prize, limited offer at http://win.example.biz!!!").Probability;
        double ham = scorer.Score("Thanks for the review, I will update the pull request and the tests tomorrow.").Probability;

        Assert.True(spam > 0.5, $"spam probability {spam}");
        Assert.True(ham < 0.5, $"ham probability {ham}");
    }

    [Fact]
    public void Train_SameSeed_GivesBitIdenticalModels()
    {
        var first = FixtureModel.MlNet;
        var second = MlNetTrainer.Train(FixtureModel.Examples, FixtureModel.Options, MlNetTrainerKind.Lbfgs);

        Assert.Equal(first.Linear!.Weights, second.Linear!.Weights);
        Assert.Equal(first.Linear.Bias, second.Linear.Bias);
        Assert.Equal(first.Linear.Calibration, second.Linear.Calibration);
        Assert.Equal(first.Threshold, second.Threshold);
        Assert.Equal(first.Metadata.L2, second.Metadata.L2);
    }

    [Fact]
    public void Train_DifferentSeed_ChangesTheCrossValidationFolds()
    {
        var first = FixtureModel.MlNet;
        var other = MlNetTrainer.Train(FixtureModel.Examples, FixtureModel.Options with { Seed = 8 }, MlNetTrainerKind.Lbfgs);

        // The seed decides fold membership, so the out-of-fold calibration must move.
        Assert.NotEqual(first.Linear!.Calibration, other.Linear!.Calibration);
    }

    [Fact]
    public void Train_RecordsMetadata()
    {
        var model = FixtureModel.MlNet;

        Assert.Equal(FixtureModel.Examples.Count, model.Metadata.TrainingExamples);
        Assert.Equal(3, model.Metadata.Folds);
        Assert.Equal(7, model.Metadata.Seed);
        Assert.Equal(DataFingerprint.Of(FixtureModel.Examples), model.Metadata.DataFingerprint);
        Assert.Contains(model.Metadata.L2, FixtureModel.Options.L2Candidates);
        Assert.NotNull(model.Metadata.ValidationMetrics);
        Assert.Equal("ML.NET LbfgsLogisticRegression + Platt", model.Metadata.Trainer);
        Assert.InRange(model.Threshold, 0, 1);
    }

    [Fact]
    public void Train_TooFewExamplesOfAClass_FailsClearly()
    {
        var examples = FixtureModel.Examples.Where(e => !e.IsPositive).Append(FixtureModel.Examples.First(e => e.IsPositive)).ToList();

        var error = Assert.Throws<ArgumentException>(() => MlNetTrainer.Train(examples, FixtureModel.Options, MlNetTrainerKind.Lbfgs));
        Assert.Contains("positive", error.Message);
    }

    [Fact]
    public void StratifiedFolds_SpreadEachClassEvenly()
    {
        bool[] labels = [.. Enumerable.Repeat(true, 9), .. Enumerable.Repeat(false, 30)];

        var folds = DataSplit.StratifiedFolds(labels, 3, seed: 1);

        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(3, Enumerable.Range(0, labels.Length).Count(i => folds[i] == f && labels[i]));
            Assert.Equal(10, Enumerable.Range(0, labels.Length).Count(i => folds[i] == f && !labels[i]));
        }
    }
}
