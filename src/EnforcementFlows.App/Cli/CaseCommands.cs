using System.CommandLine;
using System.Text.Json;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Cli;

/// <summary>`cases export-decisions`: human-decided reports as JSONL, to retrain the text scorer on this platform's own decisions.</summary>
internal static class CaseCommands
{
    public static Command Create()
    {
        var cases = new Command("cases", "Work with recorded cases.");
        var output = new Option<FileInfo>("--out") { Description = "JSONL file to write ({text, label, category} per line).", Required = true };
        var data = EnforcementCli.DataDirectoryOption();
        var export = new Command("export-decisions", "Write reports from cases a human approved (label 'violating') or rejected (label 'benign').") { output, data };
        export.SetAction(async (result, ct) =>
        {
            var count = await ExportAsync(result.GetValue(data), result.GetValue(output)!.FullName, ct);
            Console.WriteLine($"wrote {count} labelled reports to {result.GetValue(output)!.FullName}");
            return 0;
        });
        cases.Subcommands.Add(export);
        return cases;
    }

    internal static async Task<int> ExportAsync(string? dataDirectory, string path, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null)
    {
        await using var app = EnforcementCli.BuildForCommand(dataDirectory, settings);
        var rows = await app.Services.GetRequiredService<CaseQueries>().HumanDecidedReportsAsync(ct);
        await using var writer = new StreamWriter(path);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var row in rows)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(new { text = row.Text, label = row.Label, category = row.Category }, options));
        }
        return rows.Count;
    }
}
