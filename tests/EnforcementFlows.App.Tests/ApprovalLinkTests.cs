using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Tests;

/// <summary>Approval by email links: scanners change nothing, one decision per link, reminders, escalation, timeout, two people.</summary>
public sealed class ApprovalLinkTests(ApprovalFactory app) : ApprovalLinkTests<ApprovalFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresApprovalLinkTests(PostgresApprovalFactory app) : ApprovalLinkTests<PostgresApprovalFactory>(app);

public abstract class ApprovalLinkTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : ApprovalFactory
{
    private async Task Flag(string id, string account, double confidence, string category = "spam")
    {
        using var client = app.ClientWithKey(null);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag(id, account, confidence, category)))).StatusCode);
    }

    private async Task<List<ApprovalEmail>> EmailsFor(string account, int count, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var found = app.Emails.Where(e => e.AccountId == account).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"expected {count} emails for {account}, got {app.Emails.Count(e => e.AccountId == account)}");
    }

    private static string PathOf(Uri link) => link.PathAndQuery;

    private async Task<string> CaseStatus(string account)
    {
        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        var cases = await analyst.GetFromJsonAsync<JsonElement>($"/api/cases?accountId={account}");
        return cases[0].GetProperty("status").GetString()!;
    }

    /// <summary>Opens the link like a person (cookies kept), then submits the page's form.</summary>
    private async Task<HttpResponseMessage> DecideThroughPage(Uri link, string decision)
    {
        var (client, form) = await OpenForm(link, decision);
        return await client.PostAsync(link.AbsolutePath, form);
    }

    private async Task<(HttpClient Client, FormUrlEncodedContent Form)> OpenForm(Uri link, string decision)
    {
        var client = app.CreateClient();
        var page = await client.GetStringAsync(PathOf(link));
        var form = ApprovalForm.Submit(page, decision, "checked the evidence");
        return (client, form);
    }

    [Fact]
    public async Task Scanner_GETs_change_nothing_one_POST_approves_and_a_second_POST_is_409()
    {
        await Flag("f-ap1", "acct-ap1", 1.0);
        var emails = await EmailsFor("acct-ap1", 2);
        Assert.All(emails, e => Assert.StartsWith("https://approvals.example.test/approvals/", e.ApproveUrl.ToString()));
        Assert.Equal(["tns-reviewer-1@example.org", "tns-reviewer-2@example.org"], emails.Select(e => e.To).Order());

        using (var scanner = app.CreateClient(new() { HandleCookies = false }))
        {
            foreach (var email in emails)
            {
                var approvePage = await scanner.GetAsync(PathOf(email.ApproveUrl));
                Assert.Equal(HttpStatusCode.OK, approvePage.StatusCode);
                Assert.Equal("no-referrer", approvePage.Headers.GetValues("Referrer-Policy").Single());
                Assert.Contains("no-store", approvePage.Headers.CacheControl!.ToString());
                Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync(PathOf(email.RejectUrl))).StatusCode);
            }
        }
        await Task.Delay(500);
        Assert.Equal("awaiting_approval", await CaseStatus("acct-ap1"));

        var (browser, form) = await OpenForm(emails[0].ApproveUrl, "approve");
        var formBody = await form.ReadAsStringAsync();
        var first = await browser.PostAsync(emails[0].ApproveUrl.AbsolutePath, form);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Decision recorded", await first.Content.ReadAsStringAsync());
        var again = new StringContent(formBody, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Conflict, (await browser.PostAsync(emails[0].ApproveUrl.AbsolutePath, again)).StatusCode);

        var done = await app.CaseClosedAsync("acct-ap1");
        Assert.Equal("enforced", done.GetProperty("status").GetString());
        using var other = app.CreateClient();
        Assert.Equal(HttpStatusCode.Conflict, (await other.GetAsync(PathOf(emails[1].ApproveUrl))).StatusCode);
    }

    [Fact]
    public async Task A_rejection_ends_the_case_and_an_unknown_or_unforged_post_changes_nothing()
    {
        await Flag("f-ap2", "acct-ap2", 1.0);
        var emails = await EmailsFor("acct-ap2", 2);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/approvals/not-a-real-token")).StatusCode);
        var forged = await anonymous.PostAsync(emails[0].ApproveUrl.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("awaiting_approval", await CaseStatus("acct-ap2"));

        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(emails[1].RejectUrl, "reject")).StatusCode);
        var done = await app.CaseClosedAsync("acct-ap2");
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.GetAsync(PathOf(emails[0].ApproveUrl))).StatusCode);
    }

    [Fact]
    public async Task Protected_tier_needs_two_different_approvers()
    {
        using (var admin = app.ClientWithKey(AppFactory.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync("/api/accounts/acct-ap3/tier", new { tier = "verified" })).StatusCode);
        }
        await Flag("f-ap3", "acct-ap3", 1.0);
        var emails = await EmailsFor("acct-ap3", 2);
        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(emails[0].ApproveUrl, "approve")).StatusCode);
        await Task.Delay(1000);
        Assert.Equal("awaiting_approval", await CaseStatus("acct-ap3"));
        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(emails[1].ApproveUrl, "approve")).StatusCode);
        var done = await app.CaseClosedAsync("acct-ap3");
        Assert.Equal("enforced", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reminder_escalation_and_final_timeout_happen_at_the_configured_points()
    {
        var started = DateTimeOffset.UtcNow;
        await Flag("f-ap4", "acct-ap4", 1.0, "violent_threat");
        var requests = await EmailsFor("acct-ap4", 2);
        var all = await EmailsFor("acct-ap4", 6, seconds: 40);
        Assert.Equal(2, all.Count(e => e.Kind == ApprovalEmailKind.Reminder));
        Assert.Equal(2, all.Count(e => e.Kind == ApprovalEmailKind.Escalation));

        // The reminder replaced the first links: they are superseded now.
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Conflict, (await client.GetAsync(PathOf(requests[0].ApproveUrl))).StatusCode);

        var done = await app.CaseClosedAsync("acct-ap4");
        Assert.Equal("enforced", done.GetProperty("status").GetString());
        using (var reader = app.ClientWithKey(AppFactory.AnalystKey))
        {
            var actions = (await reader.GetFromJsonAsync<JsonElement>("/api/accounts/acct-ap4")).GetProperty("actions");
            Assert.Equal("restrict", Assert.Single(actions.EnumerateArray()).GetProperty("kind").GetString()); // the category's timeout outcome
        }
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(9));
        var escalation = all.First(e => e.Kind == ApprovalEmailKind.Escalation);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(PathOf(escalation.ApproveUrl))).StatusCode);

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        var caseId = done.GetProperty("caseId").GetString();
        var view = await analyst.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        var kinds = view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["approval_requested", "approval_reminded", "approval_escalated", "approval_expired", "action_applied"],
            kinds.Where(k => k!.StartsWith("approval", StringComparison.Ordinal) || k == "action_applied").ToList());
    }

    [Fact]
    public async Task Tokens_never_appear_in_logs()
    {
        await Flag("f-ap5", "acct-ap5", 1.0);
        var emails = await EmailsFor("acct-ap5", 2);
        await DecideThroughPage(emails[0].RejectUrl, "reject");
        await app.CaseClosedAsync("acct-ap5");
        Assert.NotEmpty(app.LogLines);
        foreach (var email in emails)
        {
            var token = email.ApproveUrl.AbsolutePath.Split('/')[^1];
            var leaks = app.LogLines.Where(line => line.Contains(token, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, "token logged in: " + string.Join("\n", leaks.Select(l => l[..Math.Min(300, l.Length)])));
        }
    }

    [Fact]
    public async Task Human_decisions_export_as_labelled_training_rows()
    {
        using var client = app.ClientWithKey(null);
        foreach (var (account, text) in new[] { ("acct-ex1", "WIN A FREE PRIZE claim at http://prize.example now"), ("acct-ex2", "they posted a recipe i did not like") })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-" + account, account, text: text)))).StatusCode);
            await Flag("f-" + account, account, 1.0);
        }
        var approve = (await EmailsFor("acct-ex1", 2))[0];
        var reject = (await EmailsFor("acct-ex2", 2))[0];
        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(approve.ApproveUrl, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(reject.RejectUrl, "reject")).StatusCode);
        await app.CaseClosedAsync("acct-ex1");
        await app.CaseClosedAsync("acct-ex2");

        var file = Path.Combine(app.DataDirectory, "decisions.jsonl");
        Assert.Equal(2, await EnforcementFlows.App.Cli.CaseCommands.ExportAsync(app.DataDirectory, file, CancellationToken.None, app.StorageSettings));
        var rows = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(rows, r => r.GetProperty("label").GetString() == "violating" && r.GetProperty("text").GetString()!.StartsWith("WIN A FREE PRIZE", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.GetProperty("label").GetString() == "benign" && r.GetProperty("category").GetString() == "spam");
    }

    [Fact]
    public async Task Child_safety_restricts_at_once_escalates_at_once_and_a_rejection_lifts_the_interim_restriction()
    {
        await Flag("f-cs", "acct-cs", 1.0, "child_safety");
        var emails = await EmailsFor("acct-cs", 4);
        Assert.Equal(2, emails.Count(e => e.Kind == ApprovalEmailKind.Request && e.To.StartsWith("child-safety-specialist", StringComparison.Ordinal)));
        Assert.Equal(2, emails.Count(e => e.Kind == ApprovalEmailKind.Escalation));

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        var waiting = await analyst.GetFromJsonAsync<JsonElement>("/api/accounts/acct-cs");
        Assert.Equal("restrict", Assert.Single(waiting.GetProperty("activeRestrictions").EnumerateArray()).GetProperty("kind").GetString());

        var lead = emails.First(e => e.Kind == ApprovalEmailKind.Escalation);
        Assert.Equal(HttpStatusCode.OK, (await DecideThroughPage(lead.RejectUrl, "reject")).StatusCode);
        var done = await app.CaseClosedAsync("acct-cs");
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        var after = await analyst.GetFromJsonAsync<JsonElement>("/api/accounts/acct-cs");
        Assert.Empty(after.GetProperty("activeRestrictions").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("actions")[0].GetProperty("liftedAt").ValueKind);
    }
}
