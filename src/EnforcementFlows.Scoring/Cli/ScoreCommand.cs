using System.CommandLine;
using System.Globalization;

namespace EnforcementFlows.Scoring.Cli;

internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = ModelOption.Create();
        var top = new Option<int>("--top") { Description = "Token contributions to list per direction.", DefaultValueFactory = _ => TextScorer.DefaultExplanationCount };
        var input = new Option<string?>("--input") { Description = "Read the text from this file instead of standard input." };
        var command = new Command("score", "Read one text from standard input; print its probability and the tokens behind it.") { model, top, input };
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var scorer = ModelOption.Load(result, model);
            var text = result.GetValue(input) is { } path ? File.ReadAllText(path) : Console.In.ReadToEnd();
            var score = scorer.Score(text, result.GetValue(top));
            var writer = CommandOutput.Out(result);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"probability {score.Probability:F4}  {(score.IsFlagged ? "FLAGGED" : "not flagged")} (threshold {score.Threshold:F4}, model {score.ModelVersion})"));
            writer.WriteLine("pushing up:");
            foreach (var c in score.TopPositive) writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Contribution,8:+0.000;-0.000}  {c.Token}"));
            writer.WriteLine("pushing down:");
            foreach (var c in score.TopNegative) writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c.Contribution,8:+0.000;-0.000}  {c.Token}"));
            return 0;
        }));
        return command;
    }
}
