using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>The README's "Run it" section as a newcomer follows it: its bash blocks, in order, as written.</summary>
public static partial class ReadmeWalkthrough
{
    /// <summary>The command that starts the service, as the first block of "Run it" must say it.</summary>
    public const string ServiceCommand = "dotnet run --project src/EnforcementFlows.App";

    public static IReadOnlyList<string> RunItBlocks(string readme)
    {
        var start = readme.IndexOf("## Run it", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Run it' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        // Up to the first subsection (scale-out needs a PostgreSQL server, not a newcomer's first steps).
        var sub = section.IndexOf("\n### ", StringComparison.Ordinal);
        section = sub < 0 ? section : section[..sub];
        return BashBlock().Matches(section).Select(m => m.Groups["body"].Value.TrimEnd()).ToList();
    }

    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
