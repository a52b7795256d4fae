using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.MlNet;
using EnforcementFlows.Scoring.Training;

namespace EnforcementFlows.Scoring.Tests;

/// <summary>Small models trained once on the committed JSONL fixture, shared by fast tests.</summary>
internal static class FixtureModel
{
    public static readonly TrainingOptions Options = new()
    {
        Folds = 3,
        Seed = 7,
        Features = new FeatureConfig { HashBits = 16 },
    };

    public static IReadOnlyList<LabeledExample> Examples { get; } = JsonlExamples.Load(Fixture.PathOf("reports.jsonl"));

    private static readonly Lazy<MlNetModel> TrainedMlNet = new(() => MlNetTrainer.Train(Examples, Options, MlNetTrainerKind.Lbfgs, "fixture"));

    /// <summary>The fixture trained with ML.NET's LbfgsLogisticRegression.</summary>
    public static MlNetModel MlNet => TrainedMlNet.Value;

    private static readonly Lazy<TextScorer> LazyScorer = new(() => new TextScorer(TrainedMlNet.Value, new string('b', 64)));

    public static TextScorer Scorer => LazyScorer.Value;
}
