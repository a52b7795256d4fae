using System.Net;
using System.Net.Http.Json;
using EnforcementFlows.App.Intake;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

/// <summary>Concurrent webhooks committed together: each keeps the outcome it would have had alone.</summary>
public sealed class IntakeBatchTests(AppFactory app) : IntakeBatchTests<AppFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresIntakeBatchTests(PostgresAppFactory app) : IntakeBatchTests<PostgresAppFactory>(app);

public abstract class IntakeBatchTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private static IncomingSignal Report(string id, string account, string text = "spam link")
        => new(SignalKind.Report, id, account, SignalCategory.Spam, "reporter-1", $$"""{"reportId":"{{id}}","text":"{{text}}"}""");

    private static IntakeWebhook Webhook(string webhookId, string bodyHash, params IncomingSignal[] signals) => new("test", webhookId, bodyHash, signals);

    private long Count(string sql) => Convert.ToInt64(app.SqlBehindTheAppsBack(sql));

    /// <summary>The signals the account's case took, once the case is closed (from its timeline).</summary>
    private async Task<List<string>> SignalsJoinedWhenClosed(string account)
    {
        var closed = await app.CaseClosedAsync(account);
        using var client = app.ClientWithKey(AppFactory.AnalystKey);
        var view = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{closed.GetProperty("caseId").GetString()}");
        return view.GetProperty("timeline").EnumerateArray().Where(t => t.GetProperty("kind").GetString() == "signal_received")
            .Select(t => t.ToString()).ToList();
    }

    /// <summary>Workflow commands the domain committed for an account's case (the relay delivers each to the task hub).</summary>
    private long CaseCommands(string account) => Count($"SELECT COUNT(*) FROM ef_workflow_outbox WHERE subject = '{account}'");

    [Fact]
    public async Task A_batch_gives_each_webhook_the_outcome_it_would_have_had_alone_in_order()
    {
        var intake = app.Services.GetRequiredService<SignalIntake>();
        Assert.Equal(IntakeStatus.Accepted, (await intake.AcceptAsync(Webhook("msg_b_pre", "hash-pre", Report("r-b-pre", "acct-b-pre")), CancellationToken.None)).Status);

        var outcomes = await intake.AcceptAsync(
        [
            Webhook("msg_b1", "hash-1", Report("r-b1", "acct-b1")),
            Webhook("msg_b1", "hash-1", Report("r-b1", "acct-b1")),                          // the same delivery again
            Webhook("msg_b1", "hash-other", Report("r-b1", "acct-b1")),                      // same webhook-id, other body
            Webhook("msg_b4", "hash-4", Report("r-b1", "acct-b1"), Report("r-b4", "acct-b4")), // repeats r-b1 unchanged
            Webhook("msg_b5", "hash-5", Report("r-b5", "acct-b5"), Report("r-b1", "acct-b1", text: "changed")),
            Webhook("msg_b_pre", "hash-pre", Report("r-b-pre", "acct-b-pre")),               // committed before the batch
        ], CancellationToken.None);

        Assert.Equal([IntakeStatus.Accepted, IntakeStatus.Replayed, IntakeStatus.Conflict, IntakeStatus.Accepted, IntakeStatus.Conflict, IntakeStatus.Replayed],
            outcomes.Select(o => o.Status));
        Assert.Contains("r-b1", outcomes[4].Detail);
        Assert.Equal(2, Count("SELECT COUNT(*) FROM ef_signals WHERE signal_id IN ('r-b1', 'r-b4', 'r-b5')"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM ef_receipts WHERE webhook_id IN ('msg_b1', 'msg_b4', 'msg_b5')"));
        Assert.Equal(0, CaseCommands("acct-b5"));
        Assert.Single(await SignalsJoinedWhenClosed("acct-b1"));
    }

    [Fact]
    public async Task A_new_webhook_repeating_a_stored_signal_keeps_its_receipt_and_only_the_new_signal()
    {
        var intake = app.Services.GetRequiredService<SignalIntake>();
        Assert.Equal(IntakeStatus.Accepted, (await intake.AcceptAsync(Webhook("msg_rep_1", "hash-rep-1", Report("r-rep-a", "acct-rep")), CancellationToken.None)).Status);

        // Its receipt insert succeeds, its first signal is not new: the insert-first attempt is rolled back and redone.
        var outcome = await intake.AcceptAsync(Webhook("msg_rep_2", "hash-rep-2", Report("r-rep-a", "acct-rep"), Report("r-rep-b", "acct-rep-b")), CancellationToken.None);

        Assert.Equal(IntakeStatus.Accepted, outcome.Status);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM ef_receipts WHERE webhook_id = 'msg_rep_2'"));
        Assert.Equal(2, Count("SELECT COUNT(*) FROM ef_signals WHERE signal_id IN ('r-rep-a', 'r-rep-b')"));
        Assert.Equal(1, CaseCommands("acct-rep-b"));
        Assert.Single(await SignalsJoinedWhenClosed("acct-rep"));
    }

    [Fact]
    public async Task A_webhook_the_database_refuses_fails_alone_and_its_neighbours_are_accepted()
    {
        var batcher = app.Services.GetRequiredService<IntakeBatcher>();
        // A null account id breaks ef_signals' NOT NULL only at the database, inside the shared transaction.
        var bad = Webhook("msg_bad", "hash-bad", Report("r-bad", null!));
        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => i == 7 ? bad : Webhook($"msg_good_{i}", $"hash-good-{i}", Report($"r-good-{i}", $"acct-good-{i % 4}")))
            .Select(async w =>
            {
                try
                {
                    return (w.WebhookId, Status: (await batcher.AcceptAsync(w, CancellationToken.None)).Status.ToString());
                }
                catch (Exception ex)
                {
                    return (w.WebhookId, Status: ex.GetType().Name);
                }
            }));

        Assert.All(results.Where(r => r.WebhookId != "msg_bad"), r => Assert.Equal("Accepted", r.Status));
        Assert.NotEqual("Accepted", results.Single(r => r.WebhookId == "msg_bad").Status);
        Assert.Equal(19, Count("SELECT COUNT(*) FROM ef_signals WHERE signal_id LIKE 'r-good-%'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM ef_receipts WHERE webhook_id = 'msg_bad'"));
    }

    [Fact]
    public async Task Concurrent_signed_reports_and_their_redeliveries_are_each_stored_once()
    {
        using var client = app.ClientWithKey(null);
        var bodies = Enumerable.Range(0, 150).Select(i => (Id: $"msg_conc_{i}", Body: WebhookSender.Report($"r-conc-{i}", $"acct-conc-{i % 10}"))).ToList();
        // Every webhook twice, all at once: some redeliveries share a batch with their original.
        var responses = await Task.WhenAll(bodies.Concat(bodies).Select(b => client.SendAsync(WebhookSender.Signed("/api/reports", b.Body, webhookId: b.Id))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var duplicates = 0;
        foreach (var response in responses)
        {
            duplicates += (await response.Content.ReadAsStringAsync()).Contains("duplicate", StringComparison.Ordinal) ? 1 : 0;
        }
        Assert.Equal(150, duplicates);
        Assert.Equal(150, Count("SELECT COUNT(*) FROM ef_signals WHERE signal_id LIKE 'r-conc-%'"));
        Assert.Equal(150, Count("SELECT COUNT(*) FROM ef_receipts WHERE webhook_id LIKE 'msg_conc_%'"));
    }
}
