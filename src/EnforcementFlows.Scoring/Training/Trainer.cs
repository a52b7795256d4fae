using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Trains a calibrated, L2-regularised logistic regression over hashed text features:
/// split (seeded, stratified) → fit each L2 candidate with L-BFGS → keep the one with the best
/// calibrated validation log-loss → Platt-calibrate and choose the threshold on validation.
/// The final weights are fitted on the training part only, so the validation metrics stay honest.
/// </summary>
public static partial class Trainer
{
    internal static ScoringModel Train(IReadOnlyList<LabeledExample> examples, TrainingOptions options, string dataDescription = "", IProgress<TrainingProgress>? progress = null)
    {
        if (examples.Count(e => e.IsPositive) < 2 || examples.Count(e => !e.IsPositive) < 2)
            throw new ArgumentException("Training needs at least two positive and two negative examples.", nameof(examples));
        var labels = examples.Select(e => e.IsPositive).ToArray();
        var vectors = Featurize(examples, options.Features, progress);
        var (trainIdx, validationIdx) = DataSplit.Stratified(labels, options.ValidationFraction, options.Seed);
        var train = (trainIdx.Select(i => vectors[i]).ToArray(), trainIdx.Select(i => labels[i]).ToArray());
        var validation = (validationIdx.Select(i => vectors[i]).ToArray(), validationIdx.Select(i => labels[i]).ToArray());

        Candidate? best = null;
        for (int c = 0; c < options.L2Candidates.Count; c++)
        {
            var candidate = Fit(train, validation, options, options.L2Candidates[c], progress, c);
            if (best is null || candidate.ValidationLogLoss < best.ValidationLogLoss) best = candidate;
        }
        var scored = best!.ValidationMargins.Select((m, i) => new ScoredExample(best.Calibration.Probability(m), validation.Item2[i])).ToArray();
        double threshold = ChooseThreshold(scored, options.TargetPrecision);
        var metadata = new ModelMetadata
        {
            SemanticVersion = options.Version,
            TrainedAt = DateTimeOffset.UtcNow,
            DataFingerprint = DataFingerprint.Of(examples),
            TrainingExamples = trainIdx.Length,
            ValidationExamples = validationIdx.Length,
            Seed = options.Seed,
            L2 = best.L2,
            DataDescription = dataDescription,
            ValidationMetrics = MetricReport.Compute(scored, threshold),
        };
        progress?.Report(new TrainingProgress("done", 1));
        return new ScoringModel(options.Features, best.Weights, best.Bias, best.Calibration, threshold, metadata);
    }
}
