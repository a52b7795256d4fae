using System.CommandLine;
using System.Text.Json;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.AuditArchive;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Cli;

/// <summary>
/// `audit verify` recomputes the hash chain (and with --archive checks it against the Blob archive);
/// `audit head` prints the head to publish or archive; `audit seal` runs one archive sealing pass now.
/// </summary>
internal static class AuditCommands
{
    private const int Page = 5000;

    public static Command Create()
    {
        var audit = new Command("audit", "Inspect the tamper-evident audit trail.");
        var data = EnforcementCli.DataDirectoryOption();
        var head = new Option<string?>("--head") { Description = "A previously exported head ('<count>:<hash>' or the JSON from 'audit head'); detects a truncated or rewritten tail." };

        var archive = new Option<bool>("--archive")
        {
            Description = "Also check the database against the Blob archive (EnforcementFlows:AuditArchive): every sealed record still there and unchanged, segments and manifest chain intact.",
        };
        var verify = new Command("verify", "Recompute the chain; exit 1 naming the first bad record (and, with --archive, every discrepancy with the archive).") { data, head, archive };
        verify.SetAction((result, ct) => VerifyAsync(result.GetValue(data), result.GetValue(head), Console.Out, ct, result.GetValue(archive)));

        var seal = new Command("seal", "Seal every due audit segment into the Blob archive now (what the background job does each interval).") { data };
        seal.SetAction((result, ct) => SealAsync(result.GetValue(data), Console.Out, ct));

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
        audit.Subcommands.Add(seal);
        return audit;
    }

    internal static async Task<int> VerifyAsync(string? dataDirectory, string? exported, TextWriter output, CancellationToken ct,
        bool archive = false, IReadOnlyDictionary<string, string>? settings = null)
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
        }
        else
        {
            output.WriteLine($"FAILED at record {result.FirstBadIndex}: {result.Reason}");
        }
        var archiveOk = !archive || await VerifyArchiveAsync(app.Services, ledger, output, ct);
        return result.Ok && archiveOk ? 0 : 1;
    }

    private static async Task<bool> VerifyArchiveAsync(IServiceProvider services, AuditLedger ledger, TextWriter output, CancellationToken ct)
    {
        var options = ArchiveOptions(services);
        var report = await new AuditArchiveVerifier(options.CreateClient(), ledger).VerifyAsync(ct);
        foreach (var note in report.Notes)
        {
            output.WriteLine($"note: {note}");
        }
        if (report.Ok)
        {
            output.WriteLine($"OK: archive {options.Container}: {report.Segments} segments, {report.ArchivedRecords} sealed records match the database; {report.UnarchivedRecords} records not yet archived");
            return true;
        }
        foreach (var discrepancy in report.Discrepancies)
        {
            output.WriteLine($"DISCREPANCY {discrepancy.Kind}: {discrepancy.Message}");
        }
        var more = report.DiscrepancyCount - report.Discrepancies.Count;
        output.WriteLine($"FAILED: archive {options.Container}: {report.DiscrepancyCount} discrepancies{(more > 0 ? $" ({more} not listed)" : "")} across {report.Segments} segments");
        return false;
    }

    internal static async Task<int> SealAsync(string? dataDirectory, TextWriter output, CancellationToken ct)
    {
        await using var app = EnforcementCli.BuildForCommand(dataDirectory);
        var options = ArchiveOptions(app.Services);
        var blobs = options.CreateClient();
        var readiness = await blobs.PrepareAsync(ct);
        output.WriteLine(readiness.PoliciesApplied
            ? $"archive {options.Container}: version-level immutability: each sealed blob gets its own retention policy"
            : $"archive {options.Container}: no per-blob immutability policy (the container has no version-level immutability support{(readiness.ContainerPolicy ? "; its container-level policy applies" : "")}); create-only writes only");
        var sealer = new AuditArchiveSealer(blobs, app.Services.GetRequiredService<AuditLedger>(), options.SealerSettings);
        try
        {
            var result = await sealer.SealAsync(ct);
            output.WriteLine($"OK: {result.SegmentsSealed} segments sealed ({result.SegmentsResumed} resumed); the archive holds {result.ArchivedRecords} records");
            return 0;
        }
        catch (AuditArchiveException e)
        {
            output.WriteLine($"FAILED: {e.Message}");
            return 1;
        }
    }

    /// <summary>The archive settings, validated here (commands do not start the host, so ValidateOnStart does not run).</summary>
    private static AuditArchiveOptions ArchiveOptions(IServiceProvider services)
    {
        AuditArchiveOptions options;
        try
        {
            options = services.GetRequiredService<IOptions<AuditArchiveOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new InvalidOperationException(string.Join(" ", e.Failures), e);
        }
        return options.IsEnabled
            ? options
            : throw new InvalidOperationException($"the audit archive is not configured: set {AuditArchiveOptions.Section}:ServiceUri (Azure, managed identity) or {AuditArchiveOptions.Section}:ConnectionString (account key or SAS, e.g. Azurite: UseDevelopmentStorage=true).");
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
