using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

public class NoCollectWindow : AppFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("EnforcementFlows:Cases:CollectWindow", "00:00:00")];
}

public sealed class PostgresNoCollectWindow : NoCollectWindow
{
    protected override bool OnPostgres => true;
}

/// <summary>With no collect window, the activity that opens a case also assesses and concludes it (case workflow 1.2).</summary>
public sealed class NoCollectWindowTests(NoCollectWindow app) : NoCollectWindowTests<NoCollectWindow>(app);

public sealed class PostgresNoCollectWindowTests(PostgresNoCollectWindow app) : NoCollectWindowTests<PostgresNoCollectWindow>(app);

public abstract class NoCollectWindowTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private async Task Post(string json)
    {
        using var client = app.ClientWithKey(null);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(WebhookSender.Signed("/api/flags", json))).StatusCode);
    }

    private async Task<JsonElement> Get(string path)
    {
        using var client = app.ClientWithKey(AppFactory.AdminKey);
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>The account's closed case, and the kinds of its timeline.</summary>
    private async Task<(JsonElement Result, List<string> Timeline)> Finished(string account)
    {
        var closed = await app.CaseClosedAsync(account);
        var view = await Get($"/api/cases/{closed.GetProperty("caseId").GetString()}");
        return (closed, view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).ToList());
    }

    private async Task<string?> ActionKind(string account)
        => (await Get($"/api/accounts/{account}")).GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).SingleOrDefault();

    [Fact]
    public async Task An_automatic_action_is_decided_applied_and_audited_in_the_opening_activity()
    {
        await Post(WebhookSender.Flag("nw-auto", "acct-nw-auto", 1.0));
        var (result, timeline) = await Finished("acct-nw-auto");

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("restrict", await ActionKind("acct-nw-auto"));
        var caseId = result.GetProperty("caseId").GetString();
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], timeline);
        Assert.Equal(caseId, (await Get("/api/flags/nw-auto")).GetProperty("caseId").GetString());
        var account = await Get("/api/accounts/acct-nw-auto");
        Assert.Equal("enforced", account.GetProperty("cases")[0].GetProperty("status").GetString());
        var restriction = Assert.Single(account.GetProperty("activeRestrictions").EnumerateArray());
        Assert.Equal("restrict", restriction.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_dismissal_closes_the_case_in_the_opening_activity()
    {
        await Post(WebhookSender.Flag("nw-weak", "acct-nw-weak", 0.5));
        var (result, timeline) = await Finished("acct-nw-weak");

        Assert.Equal("dismissed", result.GetProperty("status").GetString());
        Assert.DoesNotContain("action_applied", timeline);
        var account = await Get("/api/accounts/acct-nw-weak");
        Assert.Empty(account.GetProperty("actions").EnumerateArray());
        Assert.Equal("dismissed", account.GetProperty("cases")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_case_that_needs_a_human_waits_for_the_decision_after_the_opening_activity()
    {
        await Post(WebhookSender.Flag("nw-threat", "acct-nw-threat", 1.0, category: "violent_threat"));
        string? caseId = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); caseId is null && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var cases = await Get("/api/cases?accountId=acct-nw-threat");
            if (cases.GetArrayLength() == 1 && cases[0].GetProperty("status").GetString() == "awaiting_approval")
            {
                caseId = cases[0].GetProperty("caseId").GetString();
            }
        }
        Assert.NotNull(caseId);

        using var admin = app.ClientWithKey(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true, comment = "clear threat" })).StatusCode);
        var (result, timeline) = await Finished("acct-nw-threat");

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("suspend", await ActionKind("acct-nw-threat"));
        Assert.Equal("signal_received", timeline[0]);
        Assert.True(timeline.IndexOf("approval_requested") < timeline.IndexOf("action_applied"), string.Join(", ", timeline));
    }

    [Fact]
    public async Task A_reporters_closed_cases_are_tallied_and_the_next_assessment_reads_the_tally()
    {
        const string reporter = "rep-tally";
        async Task<JsonElement> ReportAndFinish(string id, string account)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.ClientWithKey(null).SendAsync(
                WebhookSender.Signed("/api/reports", WebhookSender.Report(id, account, reporter: reporter)))).StatusCode);
            return (await Finished(account)).Result;
        }
        long Sql(string sql) => Convert.ToInt64(app.SqlBehindTheAppsBack(sql), System.Globalization.CultureInfo.InvariantCulture);

        var first = await ReportAndFinish("rt-1", "acct-rt-1");
        await ReportAndFinish("rt-2", "acct-rt-2");

        // The tally is what counting the reporter's reports in closed cases gives.
        Assert.Equal(2, Sql($"SELECT closed_reports FROM ef_reporter_tallies WHERE reporter_id = '{reporter}'"));
        Assert.Equal(Sql($"""
            SELECT COUNT(*) FROM ef_signals s JOIN ef_cases c ON c.case_id = s.case_id
            WHERE s.reporter_id = '{reporter}' AND c.closed_at IS NOT NULL AND c.status = 'enforced'
            """), Sql($"SELECT enforced_reports FROM ef_reporter_tallies WHERE reporter_id = '{reporter}'"));

        // The second case was assessed with the first one's outcome as the reporter's history.
        var upheld = first.GetProperty("status").GetString() == "enforced" ? 1 : 0;
        var expected = app.Services.GetRequiredService<CaseScorer>().Reliability(new ReporterEvidence(reporter, 1, upheld));
        var stored = JsonDocument.Parse((string)app.SqlBehindTheAppsBack(
            "SELECT c.assessment FROM ef_cases c JOIN ef_signals s ON s.case_id = c.case_id WHERE s.signal_id = 'rt-2'")!).RootElement;
        var reliability = stored.GetProperty("score").EnumerateObject().First(p => p.NameEquals("contributions") || p.NameEquals("Contributions")).Value
            .EnumerateArray().First(c => c.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == ContributionNames.ReporterReliability));
        var input = reliability.EnumerateObject().First(p => p.Name is "input" or "Input").Value.GetDouble();
        Assert.Equal(expected, input, 6);
    }
}
