using System.CommandLine;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>
/// The scorer's command-line surface. The service mounts <see cref="Create"/> as its
/// "model" command; the standalone tool uses the subcommands at its root.
/// </summary>
public static class ScoringCommands
{
    /// <summary>"model" with train, evaluate, score and bench beneath it.</summary>
    public static Command Create()
    {
        var model = new Command("model", "Train, evaluate, benchmark and use the text scorer.");
        foreach (var command in CreateSubcommands()) model.Add(command);
        return model;
    }

    public static IReadOnlyList<Command> CreateSubcommands() =>
        [TrainCommand.Create(), EvaluateCommand.Create(), ScoreCommand.Create(), BenchCommand.Create()];
}
