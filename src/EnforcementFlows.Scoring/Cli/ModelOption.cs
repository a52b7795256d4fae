using System.CommandLine;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>--model PATH, falling back to the model embedded in the library.</summary>
internal static class ModelOption
{
    /// <summary>Names the shipped model where several models are listed.</summary>
    public const string DefaultName = "default";

    public static Option<string?> Create() => new("--model")
    {
        Description = "Model file written by train (default: the model shipped in the library).",
    };

    /// <summary>--model repeated: evaluate and bench put several models side by side.</summary>
    public static Option<string[]> CreateMany() => new("--model")
    {
        Description = $"Model file(s) written by train; '{DefaultName}' is the shipped model (the default). Several are compared side by side.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static TextScorer Load(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { } path ? TextScorer.Load(path) : TextScorer.LoadDefault();

    public static IReadOnlyList<string> Names(ParseResult result, Option<string[]> option) =>
        result.GetValue(option) is { Length: > 0 } names ? names : [DefaultName];

    public static TextScorer Load(string name) => name == DefaultName ? TextScorer.LoadDefault() : TextScorer.Load(name);
}
