using System.Net;
using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;
using EnforcementFlows.Workflows.Tests.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>
/// An appeal end to end on the SDK engine (SQLite task hub): a human-approved suspension, its statement in the webhook, the account's
/// appeal, the review link emailed to a reviewer other than the original approver, the overturn, and the reinstatement with its own
/// idempotency key; the notices, and the audit chain.
/// </summary>
public sealed class AppealFlowTests(DsaAppFactory app) : IClassFixture<DsaAppFactory>
{
    private const string Account = "acct-appeal-1";

    private static string Appeal(string appealId, string statementId, string actionId, string accountId = Account)
        => JsonSerializer.Serialize(new { appealId, statementId, actionId, accountId, text = "I was quoting a film line to a friend, not threatening anyone." });

    private async Task<ReviewInbox.Email> EmailAsync(string to, string about)
        => (await Polling.Eventually(() => Task.FromResult(ReviewInbox.Read(app.Pickup).FirstOrDefault(e => e.To.Contains(to, StringComparison.OrdinalIgnoreCase)
            && e.Text.Contains(about, StringComparison.Ordinal))), e => e is not null))
           ?? throw new TimeoutException($"no email to {to} about {about}");

    [Fact]
    public async Task Action_statement_appeal_review_by_another_reviewer_overturn_and_reinstatement_with_a_new_key()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/reports",
            ReporterNoticeTests.Report("r-appeal-1", "reporter-q", Account, "violent_threat", "they said they would hurt me"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-appeal-1", Account, 1.0, "violent_threat"))).StatusCode);
        var waiting = await app.UntilAsync($"/api/cases?accountId={Account}", c => c.GetArrayLength() == 1 && c[0].GetProperty("status").GetString() == "awaiting_approval");
        var caseId = waiting[0].GetProperty("caseId").GetString()!;

        // The original decision: tns-reviewer-1 approves through the emailed link.
        using var browser = app.CreateClient();
        var original = await EmailAsync("tns-reviewer-1@example.org", caseId);
        Assert.Equal(HttpStatusCode.OK, await ReviewInbox.DecideAsync(browser, original.ApprovePath, "approve", "clear threat"));
        var action = await Polling.Eventually(() => Task.FromResult(app.Platform.OfType("enforcement.action").FirstOrDefault(d =>
            d.Body.GetProperty("accountId").GetString() == Account && d.Body.GetProperty("action").GetString() == "suspend")), d => d is not null);
        Assert.NotNull(action);
        var statement = action.Body.GetProperty("statement");
        Assert.Equal("human", statement.GetProperty("decisionPath").GetString());
        Assert.False(statement.GetProperty("automatedDecision").GetBoolean());
        var statementId = statement.GetProperty("statementId").GetString()!;
        var actionId = statement.GetProperty("actionId").GetString()!;
        await app.UntilAsync($"/api/statements/{statementId}", _ => true);

        // Appeals that cannot be taken: an unknown action (422).
        using (var unknown = await app.PostSignedAsync("/api/appeals", Appeal("apl-x", statementId, "act_nope")))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        using (var accepted = await app.PostSignedAsync("/api/appeals", Appeal("apl-1", statementId, actionId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }
        using (var again = await app.PostSignedAsync("/api/appeals", Appeal("apl-2", statementId, actionId)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // one appeal per action
        }

        // The review goes to tns-reviewer-2, never to tns-reviewer-1 who decided the case.
        var review = await EmailAsync("tns-reviewer-2@example.org", "apl-1");
        Assert.Contains("overturn the suspend", review.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewInbox.Read(app.Pickup), e => e.Text.Contains("apl-1", StringComparison.Ordinal)
            && e.To.Contains("tns-reviewer-1@example.org", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, await ReviewInbox.DecideAsync(browser, review.ApprovePath, "approve", "context shows a quote"));

        // Reinstatement through the webhook: a lift reversing the action, under a key of its own.
        var lift = await Polling.Eventually(() => Task.FromResult(app.Platform.OfType("enforcement.action").FirstOrDefault(d =>
            d.Body.GetProperty("accountId").GetString() == Account && d.Body.GetProperty("action").GetString() == "lift")), d => d is not null);
        Assert.NotNull(lift);
        Assert.True(lift.SignatureValid);
        Assert.Equal(actionId, lift.Body.GetProperty("reverses").GetString());
        Assert.Equal("apl-1", lift.Body.GetProperty("appealId").GetString());
        Assert.NotEqual(action.IdempotencyKey, lift.IdempotencyKey);
        Assert.Equal(lift.Body.GetProperty("idempotencyKey").GetString(), lift.IdempotencyKey);

        var account = await app.UntilAsync($"/api/accounts/{Account}", a => a.GetProperty("activeRestrictions").GetArrayLength() == 0);
        Assert.Equal(0, account.GetProperty("activeRestrictions").GetArrayLength());
        var appeal = await app.UntilAsync("/api/appeals/apl-1", a => a.GetProperty("status").GetString() == "overturned");
        Assert.Equal("tns-reviewer-2@example.org", appeal.GetProperty("decidedBy").GetString());
        Assert.False(appeal.GetProperty("timedOut").GetBoolean());

        // The account and the reporter hear the outcome, once each.
        var notices = await Polling.Eventually(() => Task.FromResult(app.Platform.OfType("enforcement.outcome_notice")
            .Where(n => n.Body.GetProperty("caseId").GetString() == caseId && n.Body.GetProperty("concerning").GetString() == "appeal").ToList()), l => l.Count >= 2);
        Assert.Equal(["account", "reporter"], notices.Select(n => n.Body.GetProperty("recipientKind").GetString()).Order());
        Assert.All(notices, n => Assert.Equal("overturned", n.Body.GetProperty("decision").GetString()));
        Assert.All(notices, n => Assert.Equal(statementId, n.Body.GetProperty("statementId").GetString()));

        // Every step is in the case's audit trail, and the chain verifies.
        var kinds = (await app.GetJsonAsync($"/api/cases/{caseId}")).GetProperty("timeline").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("appeal_received", kinds);
        Assert.Contains("appeal_review_requested", kinds);
        Assert.Contains("approval_decided", kinds); // the original approval
        var ledger = app.Services.GetRequiredService<AuditLedger>();
        // The review's decision comes from the approval page, which records it under its request's case id: the appeal id.
        Assert.Contains((await ledger.ReadCaseAsync("apl-1")), r => r.Kind == AuditKind.ApprovalDecided && r.Actor == "approver:tns-reviewer-2@example.org");
        Assert.Contains("action_lifted", kinds);
        Assert.Contains("appeal_decided", kinds);
        var records = await ledger.ReadRangeAsync(0, 100_000);
        Assert.True(AuditVerifier.Verify(records).Ok, AuditVerifier.Verify(records).Reason);

        // The overturn shows in the metrics: by category, policy version, model version and automated vs human, with the time to decide.
        var metrics = (await app.GetJsonAsync("/api/metrics?range=24h")).GetProperty("appeals");
        Assert.Equal(1, metrics.GetProperty("total").GetProperty("appealed").GetInt64());
        Assert.Equal(1, metrics.GetProperty("total").GetProperty("overturned").GetInt64());
        var threat = metrics.GetProperty("byCategory").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "violent_threat");
        Assert.Equal(1.0, threat.GetProperty("overturnRate").GetDouble());
        var human = metrics.GetProperty("byDecision").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "human");
        Assert.Equal(1, human.GetProperty("overturned").GetInt64());
        Assert.Single(metrics.GetProperty("byPolicyVersion").EnumerateArray(), g => g.GetProperty("appealed").GetInt64() == 1);
        Assert.Single(metrics.GetProperty("byModelVersion").EnumerateArray(), g => g.GetProperty("appealed").GetInt64() == 1);
        Assert.True(metrics.GetProperty("medianSecondsToDecide").GetDouble() > 0);
        var page = App.Dashboard.Metrics.AppealMetricsPage.Render(
            await app.Services.GetRequiredService<App.Dashboard.Metrics.AppealMetricsQueries>().LoadAsync("24h", CancellationToken.None));
        Assert.Contains("id=\"appeals-by-category\"", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("100%", page, StringComparison.Ordinal);
    }
}
