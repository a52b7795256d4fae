using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

public static partial class Trainer
{
    /// <summary>Extracts features in parallel; each example's vector depends only on its text.</summary>
    internal static SparseVector[] Featurize(IReadOnlyList<LabeledExample> examples, FeatureConfig config, IProgress<TrainingProgress>? progress)
    {
        var vectors = new SparseVector[examples.Count];
        int done = 0;
        Parallel.For(0, examples.Count, () => new FeatureExtractor(config, keepNames: false), (i, _, extractor) =>
        {
            vectors[i] = extractor.ToSparseVector(examples[i].Text);
            int finished = Interlocked.Increment(ref done);
            if (finished % 256 == 0) progress?.Report(new TrainingProgress("features", finished / (double)examples.Count));
            return extractor;
        }, _ => { });
        return vectors;
    }

    private static double[] FitAndPredictFold(Dataset data, int[] folds, int fold, double l2, TrainingOptions options, Action<double> onProgress)
    {
        var (weights, bias) = Fit(data.Without(folds, fold), l2, options, onProgress);
        return data.Only(folds, fold).X.Select(x => Margin(x, weights, bias)).ToArray();
    }

    private static (float[] Weights, double Bias) Fit((SparseVector[] X, bool[] Y) train, double l2, TrainingOptions options, Action<double> onProgress)
    {
        int positives = train.Y.Count(y => y), negatives = train.Y.Length - positives;
        // Balanced weights: each class contributes half of the loss.
        double positiveWeight = options.BalanceClasses ? train.Y.Length / (2.0 * positives) : 1;
        double negativeWeight = options.BalanceClasses ? train.Y.Length / (2.0 * negatives) : 1;
        var compact = CompactFeatures.From(train.X);
        var objective = new LogisticObjective(compact.Vectors, train.Y, positiveWeight, negativeWeight, l2);
        var parameters = Lbfgs.Minimize(objective.ValueAndGradient, compact.UsedSlots.Length + 1, options.MaxIterations, 1e-6,
            (evaluation, _) => onProgress(Math.Min(1, evaluation / (double)options.MaxIterations)));
        return (compact.Expand(parameters.AsSpan(0, parameters.Length - 1), options.Features.Width), parameters[^1]);
    }

    // Computed from the float weights, exactly as the shipped model will compute it.
    private static double Margin(SparseVector x, float[] weights, double bias)
    {
        double sum = bias;
        for (int k = 0; k < x.Indices.Length; k++) sum += weights[x.Indices[k]] * x.Values[k];
        return sum;
    }

    private static double CalibratedLogLoss(double[] margins, bool[] labels)
    {
        var calibration = PlattCalibration.Fit(margins, labels);
        return CalibrationMetrics.LogLoss(margins.Select((m, i) => new ScoredExample(calibration.Probability(m), labels[i])).ToArray());
    }

    /// <summary>Highest threshold giving the best recall at the precision target; 0.5 if no threshold reaches it.</summary>
    private static double ChooseThreshold(IReadOnlyList<ScoredExample> scored, double targetPrecision)
    {
        var (_, threshold) = RankingMetrics.RecallAtPrecision(scored, targetPrecision);
        return double.IsNaN(threshold) ? 0.5 : threshold;
    }

    /// <summary>Turns per-fit progress into overall progress across all the fits of a run.</summary>
    private sealed class StepCounter(int total, IProgress<TrainingProgress>? progress)
    {
        private int _started;

        public Action<double> Next(string stage)
        {
            int index = _started++;
            return fraction => progress?.Report(new TrainingProgress(stage, (index + fraction) / total));
        }
    }
}
