using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Training;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;

namespace EnforcementFlows.Scoring.MlNet;

public static partial class MlNetTrainer
{
    private static double[] FitAndScoreFold(MLContext ml, Dataset data, int[] folds, int fold, MlNetTrainerKind kind, double l2, TrainingOptions options)
    {
        var model = Fit(ml, data.Without(folds, fold), kind, l2, options);
        var (x, y) = data.Only(folds, fold);
        return Scores(model.Transform(FeatureRows.Load(ml, x, y, options.Features.Width, options.BalanceClasses)));
    }

    private static ITransformer Fit(MLContext ml, (Features.SparseVector[] X, bool[] Y) train, MlNetTrainerKind kind, double l2, TrainingOptions options)
    {
        var view = FeatureRows.Load(ml, train.X, train.Y, options.Features.Width, options.BalanceClasses);
        // Balanced or unit weights: either way they sum to the example count.
        return MlNetTrainers.Create(ml, kind, l2, weightSum: train.Y.Length, options.MaxIterations).Fit(view);
    }

    private static double[] Scores(IDataView scored) =>
        scored.GetColumn<float>(FeatureRows.Score).Select(s => (double)s).ToArray();

    private sealed class ScoreRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    /// <summary>ML.NET's Platt calibrator fitted on raw (uncalibrated) scores.</summary>
    private static CalibratorTransformer<PlattCalibrator> FitPlatt(MLContext ml, IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var rows = scores.Select((s, i) => new ScoreRow { Label = labels[i], Score = (float)s });
        var view = ml.Data.LoadFromEnumerable(rows);
        return ml.BinaryClassification.Calibrators.Platt(FeatureRows.Label, FeatureRows.Score).Fit(view);
    }

    private static double CalibratedLogLoss(MLContext ml, double[] scores, bool[] labels)
    {
        var calibrator = ((IPredictionTransformer<PlattCalibrator>)FitPlatt(ml, scores, labels)).Model;
        return CalibrationMetrics.LogLoss(scores.Select((s, i) => new ScoredExample(calibrator.PredictProbability((float)s), labels[i])).ToArray());
    }

    /// <summary>Highest threshold giving the best recall at the precision target; 0.5 if no threshold reaches it.</summary>
    private static double ChooseThreshold(IReadOnlyList<ScoredExample> scored, double targetPrecision)
    {
        var (_, threshold) = Evaluation.RankingMetrics.RecallAtPrecision(scored, targetPrecision);
        return double.IsNaN(threshold) ? 0.5 : threshold;
    }

    /// <summary>ML.NET fits report no progress of their own: one stage line per fit.</summary>
    private sealed class Steps(int total, IProgress<TrainingProgress>? progress)
    {
        private int _started;

        public void Next(string stage) => progress?.Report(new TrainingProgress(stage, _started++ / (double)total));
    }
}
