using System.CommandLine;
using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Cli;

/// <summary>`audit verify` recomputes the hash chain; `audit head` prints the head to publish or archive.</summary>
internal static class AuditCommands
{
    private const int Page = 5000;

    public static Command Create()
    {
        var audit = new Command("audit", "Inspect the tamper-evident audit trail.");
        var data = EnforcementCli.DataDirectoryOption();
        var head = new Option<string?>("--head") { Description = "A previously exported head ('<count>:<hash>' or the JSON from 'audit head'); detects a truncated or rewritten tail." };

        var verify = new Command("verify", "Recompute the chain; exit 1 naming the first bad record.") { data, head };
        verify.SetAction((result, ct) => VerifyAsync(result.GetValue(data), result.GetValue(head), Console.Out, ct));

        var headCommand = new Command("head", "Print the record count and head hash as JSON.") { data };
        headCommand.SetAction(async (result, ct) =>
        {
            await using var app = EnforcementCli.BuildForCommand(result.GetValue(data));
            var current = await app.Services.GetRequiredService<AuditLedger>().GetHeadAsync(ct);
            Console.WriteLine(JsonSerializer.Serialize(new { count = current.Count, hash = current.Hash }));
            return 0;
        });
        audit.Subcommands.Add(verify);
        audit.Subcommands.Add(headCommand);
        return audit;
    }

    internal static async Task<int> VerifyAsync(string? dataDirectory, string? exported, TextWriter output, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        await using var app = EnforcementCli.BuildForCommand(dataDirectory, settings);
        var ledger = app.Services.GetRequiredService<AuditLedger>();
        var records = new List<AuditRecord>();
        for (var from = 0L; ; from += Page)
        {
            var page = await ledger.ReadRangeAsync(from, Page, ct);
            records.AddRange(page);
            Console.Error.Write($"\rread {records.Count} records");
            if (page.Count < Page)
            {
                break;
            }
        }
        Console.Error.WriteLine();
        var result = exported is null ? AuditVerifier.Verify(records) : AuditVerifier.VerifyAgainstHead(records, ParseHead(exported));
        if (result.Ok)
        {
            output.WriteLine($"OK: {records.Count} records verified; head {(records.Count == 0 ? AuditChain.GenesisHash : records[^1].Hash)}");
            return 0;
        }
        output.WriteLine($"FAILED at record {result.FirstBadIndex}: {result.Reason}");
        return 1;
    }

    private static AuditHead ParseHead(string text)
    {
        text = text.Trim();
        if (text.StartsWith('{'))
        {
            var json = JsonDocument.Parse(text).RootElement;
            return new AuditHead(json.GetProperty("count").GetInt64(), json.GetProperty("hash").GetString()!);
        }
        var parts = text.Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], out var count)
            ? new AuditHead(count, parts[1])
            : throw new FormatException("--head must be '<count>:<hash>' or the JSON printed by 'audit head'.");
    }
}
