using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

/// <summary>Signals in through signed HTTP, cases out: auto-action, dismissal, human approval, aggregation.</summary>
public sealed class CaseFlowTests(AppFactory app) : CaseFlowTests<AppFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresCaseFlowTests(PostgresAppFactory app) : CaseFlowTests<PostgresAppFactory>(app);

public abstract class CaseFlowTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private async Task Post(string path, string json)
    {
        using var client = app.ClientWithKey(null);
        var response = await client.SendAsync(WebhookSender.Signed(path, json));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<InstanceMetadata> CaseFinished(string account)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await app.Durable.WaitForInstanceCompletionAsync("case:" + account, timeout.Token);
    }

    private async Task<JsonElement> Get(string path, string key = AppFactory.AnalystKey)
    {
        using var client = app.ClientWithKey(key);
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    private static List<string> TimelineKinds(JsonElement caseView)
        => caseView.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).ToList();

    [Fact]
    public async Task A_confident_spam_flag_is_enforced_automatically_and_audited()
    {
        await Post("/api/flags", WebhookSender.Flag("f-auto", "acct-auto", 1.0));
        var result = (await CaseFinished("acct-auto")).ReadOutputAs<JsonElement>();
        Assert.Equal("enforced", result.GetProperty("status").GetString());

        var account = await Get("/api/accounts/acct-auto");
        var restriction = Assert.Single(account.GetProperty("activeRestrictions").EnumerateArray());
        Assert.Equal("restrict", restriction.GetProperty("kind").GetString());
        Assert.NotEqual(JsonValueKind.Null, restriction.GetProperty("expiresAt").ValueKind);
        // The lift is scheduled to start at the expiry: it exists, and has not run a turn.
        var lift = await app.Durable.GetInstanceAsync("lift:" + restriction.GetProperty("actionId").GetString());
        Assert.Equal(OrchestrationStatus.Pending, lift!.Status);
        Assert.Empty(await app.Durable.GetHistoryAsync(lift.InstanceId));

        var caseId = result.GetProperty("caseId").GetString();
        var view = await Get($"/api/cases/{caseId}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], TimelineKinds(view));
        var signal = await Get("/api/flags/f-auto");
        Assert.Equal(caseId, signal.GetProperty("caseId").GetString());
    }

    [Fact]
    public async Task An_automatic_action_is_applied_by_the_activity_that_assesses_the_case()
    {
        await Post("/api/flags", WebhookSender.Flag("f-fused", "acct-fused", 1.0));
        var result = (await CaseFinished("acct-fused")).ReadOutputAs<JsonElement>();

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("restrict", result.GetProperty("action").GetString());
        var history = await app.Durable.GetHistoryAsync("case:acct-fused");
        Assert.Equal([CaseActivities.Open, CaseActivities.AssessAndConclude], history.OfType<TaskScheduled>().Select(t => t.Name).ToList());
        Assert.Single(history.OfType<TimerCreated>()); // the collect window's; the last look for signals takes none
        var view = await Get($"/api/cases/{result.GetProperty("caseId").GetString()}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], TimelineKinds(view));
        Assert.Equal("enforced", (await Get("/api/accounts/acct-fused")).GetProperty("cases")[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("1.0", new[] { CaseActivities.Open, CaseActivities.Assess, CaseActivities.Apply, CaseActivities.Close })]
    [InlineData("1.1", new[] { CaseActivities.Open, CaseActivities.Assess, CaseActivities.Apply })]
    public async Task A_case_started_by_an_earlier_workflow_version_keeps_its_steps(string version, string[] steps)
    {
        // An instance started before the upgrade: it replays its own history, so its steps must not change.
        var account = "acct-v" + version.Replace(".", "", StringComparison.Ordinal);
        var store = app.Services.GetRequiredService<IDurableStore>();
        await store.StartAsync(new NewInstance(CaseWorkflow.InstanceIdFor(account), CaseWorkflow.Name, version,
            JsonData.Serialize(new CaseWorkflow.Input(account, null))), CancellationToken.None);
        await Post("/api/flags", WebhookSender.Flag("f-" + account, account, 1.0));
        var result = (await CaseFinished(account)).ReadOutputAs<JsonElement>();

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal(version, (await app.Durable.GetInstanceAsync(CaseWorkflow.InstanceIdFor(account)))!.Version);
        var history = await app.Durable.GetHistoryAsync(CaseWorkflow.InstanceIdFor(account));
        Assert.Equal(steps, history.OfType<TaskScheduled>().Select(t => t.Name).ToArray());
        Assert.Equal(2, history.OfType<TimerCreated>().Count()); // the collect window's and the zero-timeout look for more signals
        var view = await Get($"/api/cases/{result.GetProperty("caseId").GetString()}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], TimelineKinds(view));
    }

    [Fact]
    public async Task A_weak_flag_is_dismissed_without_any_action()
    {
        await Post("/api/flags", WebhookSender.Flag("f-weak", "acct-weak", 0.5));
        var result = (await CaseFinished("acct-weak")).ReadOutputAs<JsonElement>();
        Assert.Equal("dismissed", result.GetProperty("status").GetString());
        var account = await Get("/api/accounts/acct-weak");
        Assert.Empty(account.GetProperty("actions").EnumerateArray());
        Assert.Equal("dismissed", account.GetProperty("cases")[0].GetProperty("status").GetString());
        var activities = (await app.Durable.GetHistoryAsync("case:acct-weak")).OfType<TaskScheduled>().Select(t => t.Name).ToList();
        Assert.Equal([CaseActivities.Open, CaseActivities.AssessAndConclude], activities); // closed with the assessment
    }

    [Fact]
    public async Task A_severe_flag_waits_for_a_human_and_is_enforced_after_approval()
    {
        await Post("/api/flags", WebhookSender.Flag("f-threat", "acct-threat", 1.0, category: "violent_threat"));
        string? caseId = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var cases = await Get("/api/cases?accountId=acct-threat");
            if (cases.GetArrayLength() == 1 && cases[0].GetProperty("status").GetString() == "awaiting_approval")
            {
                caseId = cases[0].GetProperty("caseId").GetString();
                break;
            }
            await Task.Delay(100);
        }
        Assert.NotNull(caseId);
        Assert.Equal(OrchestrationStatus.Running, (await app.Durable.GetInstanceAsync("case:acct-threat"))!.Status);

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true })).StatusCode);
        using var admin = app.ClientWithKey(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true, comment = "clear threat" })).StatusCode);

        var result = (await CaseFinished("acct-threat")).ReadOutputAs<JsonElement>();
        Assert.Equal("suspend", result.GetProperty("action").GetString());
        var kinds = TimelineKinds(await Get($"/api/cases/{caseId}"));
        Assert.Contains("approval_requested", kinds);
        Assert.Equal("case_closed", kinds[^1]);
    }

    [Fact]
    public async Task Fifty_reports_on_one_account_make_one_case()
    {
        using var client = app.ClientWithKey(null);
        var sends = Enumerable.Range(0, 50).Select(i => client.SendAsync(
            WebhookSender.Signed("/api/reports", WebhookSender.Report($"r-agg-{i}", "acct-agg", reporter: $"reporter-{i}"))));
        Assert.All(await Task.WhenAll(sends), r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));

        var result = (await CaseFinished("acct-agg")).ReadOutputAs<JsonElement>();
        var caseId = result.GetProperty("caseId").GetString();
        var account = await Get("/api/accounts/acct-agg");
        Assert.Single(account.GetProperty("cases").EnumerateArray());
        for (var i = 0; i < 50; i += 7)
        {
            Assert.Equal(caseId, (await Get($"/api/reports/r-agg-{i}")).GetProperty("caseId").GetString());
        }
        Assert.Equal(50, TimelineKinds(await Get($"/api/cases/{caseId}")).Count(k => k == "signal_received"));
    }
}
