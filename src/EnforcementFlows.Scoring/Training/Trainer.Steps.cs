using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

public static partial class Trainer
{
    private sealed record Candidate(double L2, float[] Weights, double Bias, PlattCalibration Calibration, double[] ValidationMargins, double ValidationLogLoss);

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

    private static Candidate Fit((SparseVector[] X, bool[] Y) train, (SparseVector[] X, bool[] Y) validation, TrainingOptions options, double l2, IProgress<TrainingProgress>? progress, int candidateIndex)
    {
        int positives = train.Y.Count(y => y), negatives = train.Y.Length - positives;
        // Balanced weights: each class contributes half of the loss.
        double positiveWeight = options.BalanceClasses ? train.Y.Length / (2.0 * positives) : 1;
        double negativeWeight = options.BalanceClasses ? train.Y.Length / (2.0 * negatives) : 1;
        var objective = new LogisticObjective(train.X, train.Y, positiveWeight, negativeWeight, l2);
        int dimension = options.Features.Width + 1;
        string stage = $"L2={l2:G2}";
        var parameters = Lbfgs.Minimize(objective.ValueAndGradient, dimension, options.MaxIterations, 1e-6,
            (evaluation, _) => progress?.Report(new TrainingProgress(stage, (candidateIndex + Math.Min(1, evaluation / (double)options.MaxIterations)) / options.L2Candidates.Count)));
        var weights = new float[dimension - 1];
        for (int j = 0; j < weights.Length; j++) weights[j] = (float)parameters[j];
        double bias = parameters[^1];
        // Margins from the float weights, exactly as the shipped model will compute them.
        var margins = validation.X.Select(x => Dot(x, weights) + bias).ToArray();
        var calibration = PlattCalibration.Fit(margins, validation.Y);
        var scored = margins.Select((m, i) => new ScoredExample(calibration.Probability(m), validation.Y[i])).ToArray();
        return new Candidate(l2, weights, bias, calibration, margins, CalibrationMetrics.LogLoss(scored));
    }

    private static double Dot(SparseVector x, float[] weights)
    {
        double sum = 0;
        for (int k = 0; k < x.Indices.Length; k++) sum += weights[x.Indices[k]] * x.Values[k];
        return sum;
    }

    /// <summary>Highest-recall threshold meeting the precision target on validation; 0.5 if none does.</summary>
    private static double ChooseThreshold(IReadOnlyList<ScoredExample> validation, double targetPrecision)
    {
        var (_, threshold) = RankingMetrics.RecallAtPrecision(validation, targetPrecision);
        return double.IsNaN(threshold) ? 0.5 : threshold;
    }
}
