using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Training;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;

namespace EnforcementFlows.Scoring.MlNet;

/// <summary>
/// Trains an ML.NET binary classifier over our hashed token features with the same
/// procedure as the legacy trainer: seeded, stratified k-fold cross-validation; fold 0 picks
/// L2; out-of-fold scores of all folds fit ML.NET's Platt calibrator and the threshold; the
/// final model is fitted on all examples and saved with the calibrator as one ML.NET chain.
/// </summary>
public static partial class MlNetTrainer
{
    internal static MlNetModel Train(IReadOnlyList<LabeledExample> examples, TrainingOptions options, MlNetTrainerKind kind, string dataDescription = "", IProgress<TrainingProgress>? progress = null)
    {
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), options.Folds, "Folds must be at least 2.");
        if (examples.Count(e => e.IsPositive) < options.Folds || examples.Count(e => !e.IsPositive) < options.Folds)
            throw new ArgumentException($"Training needs at least {options.Folds} positive and {options.Folds} negative examples (one per fold).", nameof(examples));
        var ml = new MLContext(seed: options.Seed);
        var labels = examples.Select(e => e.IsPositive).ToArray();
        var vectors = Featurization.Featurize(examples, options.Features, progress);
        var folds = DataSplit.StratifiedFolds(labels, options.Folds, options.Seed);
        var data = new Dataset(vectors, labels);
        var candidates = MlNetTrainers.L2Candidates(kind, options.L2Candidates);
        var steps = new Steps(candidates.Count + options.Folds, progress);

        var outOfFold = new double[examples.Count];
        double bestL2 = double.NaN, bestLoss = double.PositiveInfinity;
        foreach (double l2 in candidates)
        {
            steps.Next($"{kind} L2 {l2:G2} on fold 0");
            var scores = FitAndScoreFold(ml, data, folds, 0, kind, l2, options);
            double loss = CalibratedLogLoss(ml, scores, data.LabelsIn(folds, 0));
            if (loss >= bestLoss) continue;
            (bestL2, bestLoss) = (l2, loss);
            Dataset.Scatter(folds, 0, scores, outOfFold);
        }
        for (int fold = 1; fold < options.Folds; fold++)
        {
            steps.Next($"{kind} fold {fold}");
            Dataset.Scatter(folds, fold, FitAndScoreFold(ml, data, folds, fold, kind, bestL2, options), outOfFold);
        }

        var calibrator = FitPlatt(ml, outOfFold, labels);
        var scored = outOfFold.Select((s, i) => new ScoredExample(((IPredictionTransformer<PlattCalibrator>)calibrator).Model.PredictProbability((float)s), labels[i])).ToArray();
        double threshold = ChooseThreshold(scored, options.TargetPrecision);
        steps.Next($"{kind} final fit");
        var predictor = Fit(ml, data.All(), kind, bestL2, options);
        var chain = new TransformerChain<ITransformer>(predictor, calibrator);
        var metadata = new ModelMetadata
        {
            SemanticVersion = options.Version,
            TrainedAt = DateTimeOffset.UtcNow,
            DataFingerprint = DataFingerprint.Of(examples),
            TrainingExamples = examples.Count,
            Folds = options.Folds,
            Seed = options.Seed,
            L2 = bestL2,
            Trainer = TrainerName(kind),
            DataDescription = dataDescription,
            ValidationMetrics = MetricReport.Compute(scored, threshold),
        };
        progress?.Report(new TrainingProgress("done", 1));
        return new MlNetModel(ml, chain, options.Features, threshold, metadata);
    }

    internal static string TrainerName(MlNetTrainerKind kind) => kind switch
    {
        MlNetTrainerKind.Lbfgs => "ML.NET LbfgsLogisticRegression + Platt",
        MlNetTrainerKind.Sdca => "ML.NET SdcaLogisticRegression + Platt",
        _ => "ML.NET FastTree + Platt",
    };
}
