using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Trains a calibrated, L2-regularised logistic regression over hashed text features with
/// seeded, stratified k-fold cross-validation: fold 0 picks L2; out-of-fold margins of all
/// folds fit Platt calibration and the threshold (many more examples than one hold-out, so
/// the threshold is stable); the final weights are fitted on all examples.
/// </summary>
public static partial class Trainer
{
    internal static ScoringModel Train(IReadOnlyList<LabeledExample> examples, TrainingOptions options, string dataDescription = "", IProgress<TrainingProgress>? progress = null)
    {
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), options.Folds, "Folds must be at least 2.");
        if (examples.Count(e => e.IsPositive) < options.Folds || examples.Count(e => !e.IsPositive) < options.Folds)
            throw new ArgumentException($"Training needs at least {options.Folds} positive and {options.Folds} negative examples (one per fold).", nameof(examples));
        var labels = examples.Select(e => e.IsPositive).ToArray();
        var vectors = Featurize(examples, options.Features, progress);
        var folds = DataSplit.StratifiedFolds(labels, options.Folds, options.Seed);
        var data = new Dataset(vectors, labels);
        var steps = new StepCounter(options.L2Candidates.Count + options.Folds, progress);

        var outOfFold = new double[examples.Count];
        double bestL2 = double.NaN, bestLoss = double.PositiveInfinity;
        foreach (double l2 in options.L2Candidates)
        {
            var margins = FitAndPredictFold(data, folds, 0, l2, options, steps.Next($"L2 {l2:G2} on fold 0"));
            double loss = CalibratedLogLoss(margins, data.LabelsIn(folds, 0));
            if (loss >= bestLoss) continue;
            (bestL2, bestLoss) = (l2, loss);
            Dataset.Scatter(folds, 0, margins, outOfFold);
        }
        for (int fold = 1; fold < options.Folds; fold++)
            Dataset.Scatter(folds, fold, FitAndPredictFold(data, folds, fold, bestL2, options, steps.Next($"fold {fold}")), outOfFold);

        var calibration = PlattCalibration.Fit(outOfFold, labels);
        var scored = outOfFold.Select((m, i) => new ScoredExample(calibration.Probability(m), labels[i])).ToArray();
        double threshold = ChooseThreshold(scored, options.TargetPrecision);
        var (weights, bias) = Fit(data.All(), bestL2, options, steps.Next("final fit"));
        var metadata = new ModelMetadata
        {
            SemanticVersion = options.Version,
            TrainedAt = DateTimeOffset.UtcNow,
            DataFingerprint = DataFingerprint.Of(examples),
            TrainingExamples = examples.Count,
            Folds = options.Folds,
            Seed = options.Seed,
            L2 = bestL2,
            DataDescription = dataDescription,
            ValidationMetrics = MetricReport.Compute(scored, threshold),
        };
        progress?.Report(new TrainingProgress("done", 1));
        return new ScoringModel(options.Features, weights, bias, calibration, threshold, metadata);
    }
}
