using System.CommandLine;
using EnforcementFlows.Scoring.Data;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>
/// Where labelled examples come from: JSONL files (--jsonl, repeatable) or the SpamAssassin
/// corpus (--corpus, defaulting to $EF_SPAM_CORPUS_DIR, with --groups).
/// </summary>
internal sealed class DataOptions
{
    private readonly IReadOnlyList<string> _defaultGroups;

    public DataOptions(IReadOnlyList<string> defaultGroups)
    {
        _defaultGroups = defaultGroups;
        Groups = new Option<string[]>("--groups")
        {
            Description = $"SpamAssassin groups to use (default: {string.Join(" ", defaultGroups)}).",
            AllowMultipleArgumentsPerToken = true,
        };
    }

    public Option<string[]> Jsonl { get; } = new("--jsonl")
    {
        Description = "JSONL file(s) with {\"text\", \"label\", \"category\"?} rows. Takes precedence over --corpus.",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string?> Corpus { get; } = new("--corpus")
    {
        Description = $"SpamAssassin data/ folder (default: ${SpamAssassinCorpus.DirectoryVariable}).",
    };

    public Option<string[]> Groups { get; }

    public void AddTo(Command command)
    {
        command.Add(Jsonl);
        command.Add(Corpus);
        command.Add(Groups);
    }

    /// <summary>Loads the examples and a short description of where they came from.</summary>
    public (IReadOnlyList<LabeledExample> Examples, string Description) Load(ParseResult result)
    {
        var jsonl = result.GetValue(Jsonl) ?? [];
        if (jsonl.Length > 0)
            return (jsonl.SelectMany(JsonlExamples.Load).ToList(), "jsonl: " + string.Join(", ", jsonl.Select(Path.GetFileName)));
        var corpus = result.GetValue(Corpus) ?? Environment.GetEnvironmentVariable(SpamAssassinCorpus.DirectoryVariable);
        if (string.IsNullOrEmpty(corpus))
            throw new InvalidOperationException($"No data: pass --jsonl FILE or --corpus DIR, or set {SpamAssassinCorpus.DirectoryVariable} (infra/test.d/spam-corpus.sh installs the corpus).");
        var groups = result.GetValue(Groups) is { Length: > 0 } chosen ? chosen : _defaultGroups;
        groups = groups.SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        return (SpamAssassinCorpus.Load(corpus, groups), "spamassassin: " + string.Join(" ", groups));
    }
}
