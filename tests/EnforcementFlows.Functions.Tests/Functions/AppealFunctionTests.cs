using System.Text.Json;
using EnforcementFlows.App.Security;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Webhooks;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Api;
using EnforcementFlows.Functions.Intake;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// <c>POST /api/appeals</c> and <c>GET /api/appeals/{id}</c> as the Functions app answers them, over its services on a real SQLite
/// domain with a stored statement of reasons: the self-host's appeal intake (signature, 422/409 problem+json, 202 with the review's
/// start as an outbox row for the relay timer) and the analyst read with API keys (issue 24).
/// </summary>
public sealed class AppealFunctionTests(ApiHostFixture host) : IClassFixture<ApiHostFixture>
{
    private Task<HttpAnswer> PostAppeal(object body, bool signed = true)
    {
        var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        var call = new HttpCall(host.Services, "POST", "/api/appeals").Body("application/json", json);
        if (signed)
        {
            var secret = WebhookSecret.Parse(host.Services.GetRequiredService<FirstRunSecrets>().DemoIntakeSecret);
            foreach (var (name, value) in new OutboundWebhookSigner(secret, TimeProvider.System).Sign("msg_" + Guid.NewGuid().ToString("N"), System.Text.Encoding.UTF8.GetBytes(json)).AsDictionary())
            {
                call.Header(name, value);
            }
        }
        return call.Send(r => ActivatorUtilities.CreateInstance<AppealIntakeFunction>(r.HttpContext.RequestServices).Appeal(r));
    }

    private Task<HttpAnswer> GetAppeal(string id, string? key)
    {
        var call = new HttpCall(host.Services, "GET", "/api/appeals/" + id);
        if (key is not null)
        {
            call.ApiKey(key);
        }
        return call.Send(r => ActivatorUtilities.CreateInstance<AppealFunctions>(r.HttpContext.RequestServices).Appeal(r, id));
    }

    /// <summary>An applied suspension's statement, stored as the apply activity stores it (the parts the appeal intake reads).</summary>
    private async Task SeedStatementAsync(string statementId, string actionId, string accountId)
    {
        var now = DateTimeOffset.UtcNow;
        var statement = new StatementOfReasons
        {
            StatementId = statementId, ActionId = actionId, CaseId = "case-" + accountId, AccountId = accountId, IssuedAt = now,
            Restriction = new StatementRestriction("suspend", "P7D", now, now.AddDays(7), "The account is suspended for 7 days."),
            Ground = new StatementGround("violent_threat: score 1.00 >= 0.9", "violent_threat", "Terms of service: violence", "DECISION_GROUND_INCOMPATIBLE_CONTENT",
                "STATEMENT_CATEGORY_VIOLENCE", true, "v1", "hash", null),
            Facts = new StatementFactsSummary(["violent_threat"], 0, 1, ["threat-detector"], false, "One detector flag.", now),
            AutomatedDetection = true, AutomatedDecision = false, DecisionPath = "human", HumanReviewers = 1, TerritorialScope = ["DE"],
            Redress = new StatementRedress(new Uri("https://platform.example.org/appeals/" + statementId), now.AddMonths(6), "Out-of-court settlement and courts."),
        };
        await host.Services.GetRequiredService<IDomainDatabase>().RunInTransactionAsync(tx => tx.Execute("""
            INSERT INTO ef_statements (statement_id, action_id, case_id, account_id, category, policy_hash, automated_decision, decided_by, issued_at, body)
            VALUES ($p0, $p1, $p2, $p3, 'violent_threat', 'hash', 0, '["ana@example.test"]', $p4, $p5)
            """, statementId, actionId, statement.CaseId, accountId, now.ToUnixTimeMilliseconds(), System.Text.Encoding.UTF8.GetString(statement.ToUtf8Json())),
            CancellationToken.None);
    }

    [Fact]
    public async Task An_unsigned_appeal_is_a_400_problem()
        => (await PostAppeal(new { appealId = "apl-u", statementId = "sor_u", actionId = "act_u", accountId = "acct-u", text = "no" }, signed: false))
            .AssertProblem(StatusCodes.Status400BadRequest);

    [Fact]
    public async Task An_appeal_without_its_text_is_a_400_problem()
        => (await PostAppeal(new { appealId = "apl-t", statementId = "sor_t", actionId = "act_t", accountId = "acct-t" })).AssertProblem(StatusCodes.Status400BadRequest);

    [Fact]
    public async Task An_appeal_of_an_unknown_action_is_a_422_problem()
    {
        var problem = (await PostAppeal(new { appealId = "apl-x", statementId = "sor_x", actionId = "act_x", accountId = "acct-x", text = "why" }))
            .AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal("Unknown action", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_appeal_is_accepted_once_starts_its_review_through_the_outbox_and_reads_back_for_analysts()
    {
        await SeedStatementAsync("sor_fn1", "act_fn1", "acct-fn1");
        var outbox = host.Services.GetRequiredService<WorkflowOutbox>();
        var before = await outbox.BacklogAsync(CancellationToken.None);

        var accepted = await PostAppeal(new { appealId = "apl-fn1", statementId = "sor_fn1", actionId = "act_fn1", accountId = "acct-fn1", text = "It was a quote." });
        Assert.Equal(StatusCodes.Status202Accepted, accepted.Status);
        Assert.Equal("/api/appeals/apl-fn1", accepted.Headers.Location.ToString());
        Assert.Equal(before + 1, await outbox.BacklogAsync(CancellationToken.None));
        var row = await host.Services.GetRequiredService<IDomainDatabase>().QueryCommittedAsync(
            "SELECT kind, subject FROM ef_workflow_outbox WHERE sent_at IS NULL AND subject LIKE '%sor_fn1%'", r => (Kind: r.GetString(0), Subject: r.GetString(1)), CancellationToken.None);
        Assert.Equal("start_appeal", Assert.Single(row).Kind); // the relay timer starts the review under its deterministic instance id

        var second = await PostAppeal(new { appealId = "apl-fn2", statementId = "sor_fn1", actionId = "act_fn1", accountId = "acct-fn1", text = "Again." });
        second.AssertProblem(StatusCodes.Status409Conflict);
        Assert.Equal(before + 1, await outbox.BacklogAsync(CancellationToken.None));

        (await GetAppeal("apl-fn1", null)).AssertProblem(StatusCodes.Status401Unauthorized);
        (await GetAppeal("apl-none", host.AnalystKey)).AssertProblem(StatusCodes.Status404NotFound);
        var read = await GetAppeal("apl-fn1", host.AnalystKey);
        Assert.Equal(StatusCodes.Status200OK, read.Status);
        Assert.Equal("awaiting_review", read.Json().GetProperty("status").GetString());
    }
}
