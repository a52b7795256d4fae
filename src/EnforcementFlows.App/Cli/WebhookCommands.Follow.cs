using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EnforcementFlows.App.Security;

namespace EnforcementFlows.App.Cli;

/// <summary>
/// After a send, says what happens next: the signal's id, the case it joined, when that case is assessed,
/// and how to watch it. Following the signal needs an API key; without one it says what the intake answer tells.
/// </summary>
internal static partial class WebhookCommands
{
    private static readonly TimeSpan FollowFor = TimeSpan.FromSeconds(10);

    private static async Task FollowAsync(HttpClient http, Uri target, string answer, string? key, CancellationToken ct)
    {
        using var accepted = JsonDocument.Parse(answer);
        var signals = accepted.RootElement.TryGetProperty("signals", out var list) ? list.EnumerateArray().Select(s => s.GetString()!).ToList() : [];
        if (signals.Count == 0)
        {
            return;
        }
        var window = accepted.RootElement.TryGetProperty("collectWindowSeconds", out var w) ? w.GetDouble() : (double?)null;
        var origin = target.GetLeftPart(UriPartial.Authority);
        var kind = target.AbsolutePath.EndsWith("/flags", StringComparison.Ordinal) ? "flags" : "reports";
        var signalUrl = $"{origin}/api/{kind}/{Uri.EscapeDataString(signals[0])}";
        var more = signals.Count > 1 ? $" (and {signals.Count - 1} more)" : "";
        if (key is null)
        {
            Console.WriteLine($"signal {signals[0]}{more} accepted; its account's case is assessed {Window(window)} after the case opened.");
            Console.WriteLine($"watch it: curl -H \"Authorization: Bearer <analyst key>\" {signalUrl}   (pass --key to follow it here)");
            return;
        }
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var deadline = DateTime.UtcNow + FollowFor;
        while (true)
        {
            using var signal = await http.GetAsync(signalUrl, ct);
            if (!signal.IsSuccessStatusCode)
            {
                Console.WriteLine($"signal {signals[0]}{more} accepted; following it answered {(int)signal.StatusCode} (is the key an analyst's?). Watch: {signalUrl}");
                return;
            }
            using var view = JsonDocument.Parse(await signal.Content.ReadAsStringAsync(ct));
            var root = view.RootElement;
            if (root.GetProperty("heldForSweep").GetBoolean())
            {
                Console.WriteLine($"signal {signals[0]}{more} is a weak flag: it waits for the next sweep, which opens a case if the account's flags add up.");
                Console.WriteLine($"watch it: curl -H \"Authorization: Bearer ${FirstRunCredentials.AdminKeyVariable}\" {signalUrl}");
                return;
            }
            // A signal is linked to its case when the case assesses it; while the case collects, the account's
            // collecting case is the one it joined (the workflow delivers it there).
            if ((root.GetProperty("caseId").GetString() ?? await CollectingCaseAsync(http, origin, root.GetProperty("accountId").GetString()!, ct)) is { } caseId)
            {
                await DescribeCaseAsync(http, origin, signals[0] + more, caseId, ct);
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"signal {signals[0]}{more} accepted; no case has taken it yet (is the worker running?). Watch: {signalUrl}");
                return;
            }
            await Task.Delay(200, ct);
        }
    }

    private static async Task DescribeCaseAsync(HttpClient http, string origin, string signal, string caseId, CancellationToken ct)
    {
        var caseUrl = $"{origin}/api/cases/{Uri.EscapeDataString(caseId)}";
        using var found = JsonDocument.Parse(await http.GetStringAsync(caseUrl, ct));
        var stage = found.RootElement.GetProperty("stage");
        var name = stage.GetProperty("name").GetString();
        var due = stage.TryGetProperty("dueAt", out var d) && d.ValueKind == JsonValueKind.String ? d.GetDateTimeOffset() : (DateTimeOffset?)null;
        var when = due is { } at
            ? $"; {(name == "collecting" ? "it is assessed" : "due")} at {at.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture)} (in {Math.Max(0, (at - DateTimeOffset.UtcNow).TotalSeconds):0} s)"
            : "";
        Console.WriteLine($"signal {signal} joined case {caseId} ({name}){when}");
        Console.WriteLine($"watch it: curl -H \"Authorization: Bearer ${FirstRunCredentials.AdminKeyVariable}\" {caseUrl}");
    }

    private static async Task<string?> CollectingCaseAsync(HttpClient http, string origin, string accountId, CancellationToken ct)
    {
        using var cases = JsonDocument.Parse(await http.GetStringAsync(
            $"{origin}/api/cases?accountId={Uri.EscapeDataString(accountId)}&status=collecting&pageSize=1", ct));
        return cases.RootElement.EnumerateArray().Select(c => c.GetProperty("caseId").GetString()).FirstOrDefault();
    }

    private static string Window(double? seconds) => seconds is { } s ? $"{s:0.#} s (the collect window)" : "when its collect window ends";

    /// <summary>--key, else $EF_ADMIN_KEY, else the first-run key in the data directory; null when none is at hand.</summary>
    private static string? ApiKey(string? option, string? dataDirectory)
    {
        if ((option ?? Environment.GetEnvironmentVariable(FirstRunCredentials.AdminKeyVariable)) is { Length: > 0 } given)
        {
            return given;
        }
        var path = Path.Combine(EnforcementCli.ResolveDataDirectory(dataDirectory), FirstRunCredentials.FileName);
        return FirstRunCredentials.Read(path, FirstRunCredentials.AdminKeyVariable);
    }
}
