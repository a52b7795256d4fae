using System.Text.Json;
using System.Text.RegularExpressions;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>`webhook send` says which case the signal joined and when it is assessed; the case API shows the same stage and due time.</summary>
public sealed partial class WebhookSendFollowTests
{
    [Fact]
    public async Task Webhook_send_names_the_case_it_joined_and_when_the_collect_window_ends()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-follow-" + Guid.NewGuid().ToString("N"));
        using var app = await AppProcess.StartAsync(data, new Dictionary<string, string> { ["EnforcementFlows__Cases__CollectWindow"] = "00:02:00" });
        var report = Path.Combine(data, "report.json");
        await File.WriteAllTextAsync(report, WebhookSender.Report("rep-follow-1", "acct-follow"));

        // With the data directory, the demo source's secret signs and the first-run key follows the signal.
        var sent = await AppCli.RunAsync(null, "webhook", "send", report, "--url", app.BaseUrl + "/api/reports", "--data-directory", data);

        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.Contains("\"collectWindowSeconds\":120", sent.Output);
        var joined = JoinedLine().Match(sent.Output);
        Assert.True(joined.Success, sent.Output);
        var caseId = joined.Groups["case"].Value;
        Assert.Contains($"watch it: curl -H \"Authorization: Bearer $EF_ADMIN_KEY\" {app.BaseUrl}/api/cases/{caseId}", sent.Output);

        using var client = app.Client();
        using var found = JsonDocument.Parse(await client.GetStringAsync($"/api/cases/{caseId}"));
        var stage = found.RootElement.GetProperty("stage");
        Assert.Equal("collecting", stage.GetProperty("name").GetString());
        var openedAt = found.RootElement.GetProperty("case").GetProperty("openedAt").GetDateTimeOffset();
        var dueAt = stage.GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromMinutes(2), dueAt - openedAt);
        Assert.Contains(dueAt.UtcDateTime.ToString("HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), joined.Value);
    }

    [Fact]
    public async Task Without_a_key_webhook_send_says_how_long_the_case_collects()
    {
        var data = Path.Combine(Path.GetTempPath(), "ef-follow-" + Guid.NewGuid().ToString("N"));
        using var app = await AppProcess.StartAsync(data, new Dictionary<string, string> { ["EnforcementFlows__Cases__CollectWindow"] = "00:00:45" });
        var report = Path.Combine(data, "report.json");
        await File.WriteAllTextAsync(report, WebhookSender.Report("rep-follow-2", "acct-follow-2"));
        File.Delete(Path.Combine(data, App.Security.FirstRunCredentials.FileName));

        var sent = await AppCli.RunAsync(new Dictionary<string, string> { ["EF_ADMIN_KEY"] = "" },
            "webhook", "send", report, "--url", app.BaseUrl + "/api/reports", "--data-directory", data);

        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
        Assert.Contains("signal rep-follow-2 accepted; its account's case is assessed 45 s (the collect window) after the case opened.", sent.Output);
        Assert.Contains($"{app.BaseUrl}/api/reports/rep-follow-2", sent.Output);
    }

    [GeneratedRegex(@"signal rep-follow-1 joined case (?<case>case_[0-9a-f]+) \(collecting\); it is assessed at \d\d:\d\d:\d\dZ \(in \d+ s\)")]
    private static partial Regex JoinedLine();
}
