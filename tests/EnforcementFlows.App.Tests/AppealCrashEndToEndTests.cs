using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnforcementFlows.App.Cli;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

/// <summary>
/// Issue 24 end to end in real processes: the service as a child process on its defaults (SDK engine, embedded SQLite task hub),
/// email through a real SMTP server (MailDev), the platform a loopback receiver checking every signature. A human-approved action
/// carries its statement of reasons in the webhook; the account appeals; the review link goes to a reviewer who did not decide the
/// case; the service is SIGKILLed while the appeal waits for that reviewer and restarted on the same data directory; a mail scanner's
/// GETs change nothing, the reviewer's POST overturns once; exactly one lift with a key of its own reaches the platform; the account
/// and the reporter hear the outcome; the audit chain verifies.
/// </summary>
public sealed partial class AppealCrashEndToEndTests : IAsyncLifetime
{
    private const string Account = "acct-issue24";
    private const string Approver = "tns-reviewer-1@example.org";
    private const string Reviewer = "tns-reviewer-2@example.org";

    // Generous: CI runs every test project at once on two cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "appeal-crash-" + Guid.NewGuid().ToString("N"));
    private MailDevServer _mail = null!;
    private EnforcementReceiver _platform = null!;
    private Dictionary<string, string> _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        _mail = await MailDevServer.StartAsync();
        _platform = await EnforcementReceiver.StartAsync();
        _platform.FailFirstAttempts = 1; // every action, the lift too, is retried once
        _settings = new()
        {
            ["EnforcementFlows__Enforcement__WebhookUrl"] = _platform.Url,
            ["EnforcementFlows__Enforcement__WebhookSecret"] = EnforcementReceiver.Secret,
            ["EnforcementFlows__Email__SmtpHost"] = _mail.SmtpHost,
            ["EnforcementFlows__Email__SmtpPort"] = _mail.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _mail.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Issue_24_appeal_survives_a_SIGKILL_while_waiting_for_the_reviewer_and_the_overturn_lifts_once()
    {
        AppProcess? service = null;
        try
        {
            service = await AppProcess.StartAsync(_data, _settings);
            await RunAsync(() => service, s => service = s);
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            // Say which step failed and what the service logged, so a CI log explains itself.
            throw new Xunit.Sdk.XunitException($"{failure.GetType().Name}: {failure.Message}{Environment.NewLine}service output:{Environment.NewLine}{service?.OutputTail}");
        }
        finally
        {
            service?.Dispose();
        }
    }

    private async Task RunAsync(Func<AppProcess> current, Action<AppProcess> replace)
    {
        var first = current();
        using (var intake = first.Client(null))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/reports",
                WebhookSender.Report("r-issue24", Account, "violent_threat", "reporter-issue24", "they said they would hurt me")))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/flags",
                WebhookSender.Flag("f-issue24", Account, 1.0, "violent_threat")))).StatusCode);
        }

        // The original decision: the first reviewer approves from the emailed link.
        var original = Assert.Single(await _mail.WaitForEmailsAsync(Approver, 1, Patience));
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(HttpStatusCode.OK, await DecideAsync(browser, first.BaseUrl, ApprovePath(original), "approve"));
        var action = await EventuallyAsync(() => _platform.Attempts.FirstOrDefault(a => a.Status == 200 && a.Payload?.AccountId == Account), "the approved action at the platform");
        var statement = action.Body.GetProperty("statement");
        Assert.True(action.SignatureValid);
        Assert.Equal("human", statement.GetProperty("decisionPath").GetString());
        Assert.False(statement.GetProperty("automatedDecision").GetBoolean());
        var statementId = statement.GetProperty("statementId").GetString()!;
        var actionId = statement.GetProperty("actionId").GetString()!;
        var caseId = action.Payload!.CaseId;

        // The platform forwards the account's appeal, signed like intake.
        using (var intake = first.Client(null))
        {
            var appeal = JsonSerializer.Serialize(new { appealId = "apl-issue24", statementId, actionId, accountId = Account, text = "It was a film quote, not a threat." });
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/appeals", appeal))).StatusCode);
        }

        // The review goes to the other reviewer, never to the one who decided the case.
        var review = (await _mail.WaitForEmailsAsync(Reviewer, 1, Patience, e => e.Text.Contains(statementId, StringComparison.Ordinal))).Single();
        Assert.Contains("overturn the " + action.Payload.Action, review.Text, StringComparison.Ordinal);
        Assert.Single(await _mail.WaitForEmailsAsync(Approver, 1, TimeSpan.Zero)); // only the original case's

        // SIGKILL while the appeal waits for the reviewer; the next process runs on the same data directory.
        using (var admin = first.Client())
        {
            Assert.Equal("awaiting_review", (await admin.GetFromJsonAsync<JsonElement>("/api/appeals/apl-issue24")).GetProperty("status").GetString());
        }
        // The link's send is recorded (a redelivered review request sends no second link), the decision is still open: kill now.
        await EventuallyAsync(() => ReviewLinksSent() > 0 ? "sent" : null, "the review link's send recorded");
        first.Kill();
        first.Dispose();
        var second = await AppProcess.StartAsync(_data, _settings);
        replace(second);
        using var analyst = second.Client();

        // A mail scanner opens both links (the email's host was the dead process's: same paths, new port). Nothing changes.
        using (var scanner = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync(second.BaseUrl + ApprovePath(review))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync(second.BaseUrl + RejectPath(review))).StatusCode);
        }
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a wrongly triggered decision to show
        Assert.Equal("awaiting_review", (await analyst.GetFromJsonAsync<JsonElement>("/api/appeals/apl-issue24")).GetProperty("status").GetString());
        Assert.DoesNotContain(_platform.Attempts, a => a.Payload?.Action == "lift");

        // The reviewer overturns; the same link cannot decide twice.
        var page = await browser.GetStringAsync(second.BaseUrl + ApprovePath(review));
        using (var posted = await browser.PostAsync(second.BaseUrl + LinkPath(ApprovePath(review)), ApprovalForm.Submit(page, "approve", "context shows a quote")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        using (var again = await browser.PostAsync(second.BaseUrl + LinkPath(ApprovePath(review)), ApprovalForm.Submit(page, "approve", "once more")))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // Exactly one reinstatement reaches the platform: a lift reversing the action, under a key of its own, applied once.
        var decided = await EventuallyValueAsync(async () =>
        {
            var appeal = await analyst.GetFromJsonAsync<JsonElement>("/api/appeals/apl-issue24");
            return appeal.GetProperty("status").GetString() == "overturned" ? (JsonElement?)appeal : null;
        }, "the overturned appeal");
        Assert.Equal(Reviewer, decided.GetProperty("decidedBy").GetString());
        Assert.False(decided.GetProperty("timedOut").GetBoolean());
        var lift = await EventuallyAsync(() => _platform.Attempts.FirstOrDefault(a => a.Status == 200 && a.Payload?.Action == "lift"), "the lift at the platform");
        Assert.True(lift.SignatureValid);
        Assert.Equal(actionId, lift.Body.GetProperty("reverses").GetString());
        Assert.Equal("apl-issue24", lift.Body.GetProperty("appealId").GetString());
        Assert.NotEqual(action.IdempotencyKey, lift.IdempotencyKey);
        Assert.Equal(decided.GetProperty("reversalKey").GetString(), lift.IdempotencyKey);
        var account = await EventuallyValueAsync(async () =>
        {
            var a = await analyst.GetFromJsonAsync<JsonElement>($"/api/accounts/{Account}");
            return a.GetProperty("activeRestrictions").GetArrayLength() == 0 ? (JsonElement?)a : null;
        }, "the account reinstated");
        Assert.Single(account.GetProperty("actions").EnumerateArray());

        // The account and the reporter hear the appeal's outcome, once each.
        var notices = await EventuallyAsync(() =>
        {
            var list = _platform.Notices.Where(n => n.SignatureValid && n.Body.GetProperty("caseId").GetString() == caseId
                && n.Body.GetProperty("concerning").GetString() == "appeal").ToList();
            return list.Count >= 2 ? list : null;
        }, "the appeal's outcome notices");
        var reporter = Assert.Single(notices.Where(n => n.Body.GetProperty("recipientKind").GetString() == "reporter").Select(n => n.Body).DistinctBy(b => b.GetProperty("noticeId").GetString()));
        Assert.Equal("reporter-issue24", reporter.GetProperty("recipientId").GetString());
        Assert.Equal("overturned", reporter.GetProperty("decision").GetString());
        Assert.Equal(statementId, reporter.GetProperty("statementId").GetString());
        Assert.Single(notices.Where(n => n.Body.GetProperty("recipientKind").GetString() == "account").Select(n => n.Body.GetProperty("noticeId").GetString()).Distinct());

        // Let any redelivery after the kill arrive, then count: one lift key, applied once; the action's key applied once.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var lifts = _platform.Attempts.Where(a => a.Payload?.Action == "lift").ToList();
        Assert.Equal([lift.IdempotencyKey], lifts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(1, _platform.Effects[lift.IdempotencyKey!]);
        Assert.Equal(1, _platform.Effects[action.IdempotencyKey!]);
        Assert.Equal(2, _platform.Effects.Count);

        // The restarted process replayed the waiting appeal without asking anyone again.
        Assert.Single(await _mail.WaitForEmailsAsync(Reviewer, 1, TimeSpan.Zero, e => e.Text.Contains(statementId, StringComparison.Ordinal)));
        Assert.Equal(1, ReviewLinksSent());

        // The audit trail records every step, and its chain verifies.
        var kinds = (await analyst.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("timeline").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Contains("appeal_received", kinds);
        Assert.Contains("appeal_review_requested", kinds);
        Assert.Contains("action_lifted", kinds);
        Assert.Contains("appeal_decided", kinds);
        second.Kill();
        using var output = new StringWriter();
        Assert.True(await AuditCommands.VerifyAsync(_data, null, output, CancellationToken.None) == 0, output.ToString());
        Assert.Contains("OK:", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The appeal's review links whose email went out, read from the domain database beside the running service (WAL).</summary>
    private long ReviewLinksSent()
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={System.IO.Path.Combine(_data, "enforcementflows.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM ef_approvals WHERE case_id = 'apl-issue24' AND sent_at IS NOT NULL";
        return (long)query.ExecuteScalar()!;
    }

    private static string ApprovePath(ReceivedEmail email) => LinkIn(ApproveLink(), email);

    private static string RejectPath(ReceivedEmail email) => LinkIn(RejectLink(), email);

    private static string LinkIn(Regex link, ReceivedEmail email)
    {
        var match = link.Match(email.Text);
        Assert.True(match.Success, $"no link in the email to {string.Join(", ", email.To)}: {email.Text}");
        return new Uri(match.Groups[1].Value).PathAndQuery;
    }

    /// <summary>The form posts to the link's path without its query.</summary>
    private static string LinkPath(string pathAndQuery) => pathAndQuery.Split('?')[0];

    private static async Task<HttpStatusCode> DecideAsync(HttpClient browser, string baseUrl, string path, string decision)
    {
        var page = await browser.GetStringAsync(baseUrl + path);
        using var posted = await browser.PostAsync(baseUrl + LinkPath(path), ApprovalForm.Submit(page, decision));
        return posted.StatusCode;
    }

    private static Task<T> EventuallyAsync<T>(Func<T?> probe, string what) where T : class
        => EventuallyAsync(() => Task.FromResult(probe()), what);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{what}: not within {Patience.TotalSeconds} s");
    }

    private static async Task<T> EventuallyValueAsync<T>(Func<Task<T?>> probe, string what) where T : struct
        => (T)await EventuallyAsync<object>(async () => await probe() is { } found ? found : null, what);

    [GeneratedRegex(@"APPROVE: (\S+)")]
    private static partial Regex ApproveLink();

    [GeneratedRegex(@"REJECT:\s+(\S+)")]
    private static partial Regex RejectLink();
}
