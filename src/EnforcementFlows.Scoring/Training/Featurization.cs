using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>Feature vectors of a training set: the same extractor the scorer uses, in parallel.</summary>
internal static class Featurization
{
    /// <summary>Each example's vector depends only on its text, so the order of work does not matter.</summary>
    public static SparseVector[] Featurize(IReadOnlyList<LabeledExample> examples, FeatureConfig config, IProgress<TrainingProgress>? progress)
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
}
