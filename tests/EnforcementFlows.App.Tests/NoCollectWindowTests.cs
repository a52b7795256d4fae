using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Workflows;
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

    private async Task<(JsonElement Result, IReadOnlyList<HistoryEvent> History)> Finished(string account)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await app.Durable.WaitForInstanceCompletionAsync(CaseWorkflow.InstanceIdFor(account), timeout.Token);
        return (done.ReadOutputAs<JsonElement>(), await app.Durable.GetHistoryAsync(CaseWorkflow.InstanceIdFor(account)));
    }

    private static List<string> Activities(IReadOnlyList<HistoryEvent> history) => history.OfType<TaskScheduled>().Select(t => t.Name).ToList();

    [Fact]
    public async Task An_automatic_action_is_decided_applied_and_audited_in_the_opening_activity()
    {
        await Post(WebhookSender.Flag("nw-auto", "acct-nw-auto", 1.0));
        var (result, history) = await Finished("acct-nw-auto");

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("restrict", result.GetProperty("action").GetString());
        Assert.Equal([CaseActivities.Open], Activities(history));
        Assert.Empty(history.OfType<TimerCreated>());
        var caseId = result.GetProperty("caseId").GetString();
        var view = await Get($"/api/cases/{caseId}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"],
            view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList());
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
        var (result, history) = await Finished("acct-nw-weak");

        Assert.Equal("dismissed", result.GetProperty("status").GetString());
        Assert.Equal([CaseActivities.Open], Activities(history));
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
        var (result, history) = await Finished("acct-nw-threat");

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("suspend", result.GetProperty("action").GetString());
        var activities = Activities(history);
        Assert.Equal(CaseActivities.Open, activities[0]);
        Assert.Contains(CaseActivities.RequestApproval, activities);
        Assert.Equal(CaseActivities.Apply, activities[^1]);
        Assert.DoesNotContain(CaseActivities.Assess, activities);
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
