using System.CommandLine;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>--model PATH, falling back to the model embedded in the library.</summary>
internal static class ModelOption
{
    public static Option<string?> Create() => new("--model")
    {
        Description = "Model file written by train (default: the model shipped in the library).",
    };

    public static TextScorer Load(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { } path ? TextScorer.Load(path) : TextScorer.LoadDefault();
}
