using System.CommandLine;
using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.MlNet;
using EnforcementFlows.Scoring.Training;

namespace EnforcementFlows.Scoring.Cli;

internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new DataOptions(SpamAssassinCorpus.TrainingGroups);
        var output = new Option<string>("--out") { Description = "Where to write the model file.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed for the train/validation split.", DefaultValueFactory = _ => 42 };
        var hashBits = new Option<int>("--hash-bits") { Description = "Hashing width as a power of two.", DefaultValueFactory = _ => 18 };
        var version = new Option<string>("--version") { Description = "Semantic version recorded in the model.", DefaultValueFactory = _ => "1.0.0" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds for L2 choice, calibration and threshold.", DefaultValueFactory = _ => 5 };
        var targetPrecision = new Option<double>("--target-precision") { Description = "The shipped threshold is the highest reaching this out-of-fold precision.", DefaultValueFactory = _ => 0.99 };
        var trainer = new Option<string>("--trainer")
        {
            Description = "lbfgs (ML.NET LbfgsLogisticRegression, the default), sdca (ML.NET SdcaLogisticRegression) or fasttree (ML.NET FastTree: no explanations, scored through ML.NET's engine).",
            DefaultValueFactory = _ => "lbfgs",
        };
        trainer.AcceptOnlyFromAmong("lbfgs", "sdca", "fasttree");
        var command = new Command("train", "Train a model on labelled data and print its out-of-fold metrics.") { output, seed, hashBits, version, folds, targetPrecision, trainer };
        data.AddTo(command);
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var (examples, description) = data.Load(result);
            var options = new TrainingOptions
            {
                Seed = result.GetValue(seed),
                Folds = result.GetValue(folds),
                TargetPrecision = result.GetValue(targetPrecision),
                Version = result.GetValue(version)!,
                Features = new FeatureConfig { HashBits = result.GetValue(hashBits) },
            };
            var writer = CommandOutput.Out(result);
            writer.WriteLine($"Training on {examples.Count} examples ({description}), seed {options.Seed}.");
            string path = result.GetValue(output)!;
            var kind = ParseKind(result.GetValue(trainer)!);
            var model = TrainingProgressDisplay.Run(writer, progress => MlNetTrainer.Train(examples, options, kind, description, progress));
            string hash = TextScorer.Save(model, path);
            writer.WriteLine($"Wrote {path}: version {options.Version}+{hash[..12]}, {model.Metadata.Trainer}, L2 {model.Metadata.L2:G3}, threshold {model.Threshold:F4}.");
            writer.Write(MetricReportText.Format(model.Metadata.ValidationMetrics!, $"Out-of-fold ({options.Folds}-fold cross-validation on the training data)"));
            return 0;
        }));
        return command;
    }

    private static MlNetTrainerKind ParseKind(string name) => name switch
    {
        "sdca" => MlNetTrainerKind.Sdca,
        "fasttree" => MlNetTrainerKind.FastTree,
        _ => MlNetTrainerKind.Lbfgs,
    };
}
