using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Workflows;
using Microsoft.DurableTask.Client;

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
        var result = await app.CaseClosedAsync("acct-auto");
        Assert.Equal("enforced", result.GetProperty("status").GetString());

        var account = await Get("/api/accounts/acct-auto");
        var restriction = Assert.Single(account.GetProperty("activeRestrictions").EnumerateArray());
        Assert.Equal("restrict", restriction.GetProperty("kind").GetString());
        Assert.NotEqual(JsonValueKind.Null, restriction.GetProperty("expiresAt").ValueKind);
        // The lift's start was committed with the action; it waits on its durable timer until the expiry.
        var lift = await app.InstanceAsync(WorkflowNames.LiftInstanceId(restriction.GetProperty("actionId").GetString()!),
            m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running && m.SerializedCustomStatus is not null);
        Assert.Contains("waiting", lift.SerializedCustomStatus);

        var caseId = result.GetProperty("caseId").GetString();
        var view = await Get($"/api/cases/{caseId}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], TimelineKinds(view));
        var signal = await Get("/api/flags/f-auto");
        Assert.Equal(caseId, signal.GetProperty("caseId").GetString());
    }

    [Fact]
    public async Task An_automatic_action_closes_the_case_and_its_instance_waits_for_the_accounts_next_signal()
    {
        await Post("/api/flags", WebhookSender.Flag("f-fused", "acct-fused", 1.0));
        var result = await app.CaseClosedAsync("acct-fused");

        Assert.Equal("enforced", result.GetProperty("status").GetString());
        var account = await Get("/api/accounts/acct-fused");
        Assert.Equal("restrict", Assert.Single(account.GetProperty("actions").EnumerateArray()).GetProperty("kind").GetString());
        var view = await Get($"/api/cases/{result.GetProperty("caseId").GetString()}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], TimelineKinds(view));
        // One instance per account: after the case it continues as new and waits, remembering the signal it took.
        var instance = await app.InstanceAsync(WorkflowNames.CaseInstanceId("acct-fused"), m => m.SerializedCustomStatus?.Contains("waiting_for_signal") == true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
        Assert.Contains("f-fused", instance.SerializedInput);
    }

    [Fact]
    public async Task A_weak_flag_is_dismissed_without_any_action()
    {
        await Post("/api/flags", WebhookSender.Flag("f-weak", "acct-weak", 0.5));
        var result = await app.CaseClosedAsync("acct-weak");
        Assert.Equal("dismissed", result.GetProperty("status").GetString());
        var account = await Get("/api/accounts/acct-weak");
        Assert.Empty(account.GetProperty("actions").EnumerateArray());
        Assert.DoesNotContain("action_applied", TimelineKinds(await Get($"/api/cases/{result.GetProperty("caseId").GetString()}")));
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
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.InstanceAsync(WorkflowNames.CaseInstanceId("acct-threat"),
            m => m.SerializedCustomStatus?.Contains("awaiting_approval") == true)).RuntimeStatus);

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true })).StatusCode);
        using var admin = app.ClientWithKey(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true, comment = "clear threat" })).StatusCode);

        var result = await app.CaseClosedAsync("acct-threat");
        Assert.Equal("enforced", result.GetProperty("status").GetString());
        Assert.Equal("suspend", Assert.Single((await Get("/api/accounts/acct-threat")).GetProperty("actions").EnumerateArray()).GetProperty("kind").GetString());
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

        var result = await app.CaseClosedAsync("acct-agg");
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
