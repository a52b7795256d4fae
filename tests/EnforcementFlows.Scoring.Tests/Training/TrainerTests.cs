using EnforcementFlows.Scoring.Data;
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
        var first = Trainer.Train(FixtureModel.Examples, FixtureModel.Options);
        var second = Trainer.Train(FixtureModel.Examples, FixtureModel.Options);

        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.Bias, second.Bias);
        Assert.Equal(first.Calibration, second.Calibration);
        Assert.Equal(first.Threshold, second.Threshold);
        Assert.Equal(first.Metadata.L2, second.Metadata.L2);
    }

    [Fact]
    public void Train_DifferentSeed_ChangesTheCrossValidationFolds()
    {
        var first = Trainer.Train(FixtureModel.Examples, FixtureModel.Options);
        var other = Trainer.Train(FixtureModel.Examples, FixtureModel.Options with { Seed = 8 });

        // The seed only decides fold membership, so out-of-fold calibration must move.
        Assert.NotEqual(first.Calibration, other.Calibration);
    }

    [Fact]
    public void Train_RecordsMetadata()
    {
        var model = FixtureModel.Model;

        Assert.Equal(FixtureModel.Examples.Count, model.Metadata.TrainingExamples);
        Assert.Equal(3, model.Metadata.Folds);
        Assert.Equal(7, model.Metadata.Seed);
        Assert.Equal(DataFingerprint.Of(FixtureModel.Examples), model.Metadata.DataFingerprint);
        Assert.Contains(model.Metadata.L2, FixtureModel.Options.L2Candidates);
        Assert.NotNull(model.Metadata.ValidationMetrics);
        Assert.InRange(model.Threshold, 0, 1);
    }

    [Fact]
    public void Train_TooFewExamplesOfAClass_FailsClearly()
    {
        var examples = FixtureModel.Examples.Where(e => !e.IsPositive).Append(FixtureModel.Examples.First(e => e.IsPositive)).ToList();

        var error = Assert.Throws<ArgumentException>(() => Trainer.Train(examples, FixtureModel.Options));
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

    [Fact]
    public void PlattCalibration_RecoversAKnownSigmoid()
    {
        // Labels drawn deterministically from p = sigmoid(2m - 1) over a grid of margins.
        var random = new Random(3);
        var margins = Enumerable.Range(0, 4000).Select(i => -3 + 6.0 * i / 4000).ToArray();
        var labels = margins.Select(m => random.NextDouble() < 1 / (1 + Math.Exp(-(2 * m - 1)))).ToArray();

        var calibration = PlattCalibration.Fit(margins, labels);

        Assert.InRange(calibration.A, 1.7, 2.3);
        Assert.InRange(calibration.B, -1.3, -0.7);
    }
}
