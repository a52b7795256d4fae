using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace EnforcementFlows.Scoring.MlNet;

/// <summary>The ML.NET estimator for each trainer kind, all reading the balanced Weight column.</summary>
internal static class MlNetTrainers
{
    /// <summary>
    /// <paramref name="l2"/> is on the mean-loss scale our options use. ML.NET's L-BFGS divides
    /// the summed loss and the penalty by the weight sum, so its weight is l2 × weight sum (the
    /// same objective); SDCA already penalises the mean loss.
    /// </summary>
    public static IEstimator<ITransformer> Create(MLContext ml, MlNetTrainerKind kind, double l2, double weightSum, int maxIterations) => kind switch
    {
        MlNetTrainerKind.Lbfgs => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = FeatureRows.Label,
            FeatureColumnName = FeatureRows.Features,
            ExampleWeightColumnName = FeatureRows.Weight,
            L1Regularization = 0,
            L2Regularization = (float)(l2 * weightSum),
            OptimizationTolerance = 1e-7f,
            HistorySize = 10,
            MaximumNumberOfIterations = maxIterations,
            // One thread: the gradient is then summed in a fixed order, so training is reproducible.
            NumberOfThreads = 1,
        }),
        MlNetTrainerKind.Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = FeatureRows.Label,
            FeatureColumnName = FeatureRows.Features,
            ExampleWeightColumnName = FeatureRows.Weight,
            L1Regularization = 0,
            L2Regularization = (float)l2,
            MaximumNumberOfIterations = 100,
            NumberOfThreads = 1,
        }),
        MlNetTrainerKind.FastTree => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = FeatureRows.Label,
            FeatureColumnName = FeatureRows.Features,
            ExampleWeightColumnName = FeatureRows.Weight,
            NumberOfTrees = 200,
            NumberOfLeaves = 20,
            MinimumExampleCountPerLeaf = 5,
            NumberOfThreads = 1,
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown trainer."),
    };

    /// <summary>Trees have no L2 to tune: one candidate.</summary>
    public static IReadOnlyList<double> L2Candidates(MlNetTrainerKind kind, IReadOnlyList<double> candidates) =>
        kind == MlNetTrainerKind.FastTree ? [0] : candidates;
}
