using System.Net;
using System.Text.Json;
using EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;
using EnforcementFlows.Workflows.Tests.Engine;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>Reporters hear how the case ended (DSA Art. 16(5)): one signed event each, with the decision and the statement id only.</summary>
public sealed class ReporterNoticeTests(DsaAppFactory app) : IClassFixture<DsaAppFactory>
{
    public static string Report(string reportId, string reporterId, string accountId, string category = "spam", string text = "they keep sending me the same link")
        => JsonSerializer.Serialize(new { reportId, reporterId, accountId, category, text });

    private async Task<List<PlatformReceiver.Delivery>> NoticesAsync(string accountId, int count)
    {
        var caseId = (await app.UntilAsync($"/api/accounts/{accountId}", a => a.GetProperty("cases").GetArrayLength() == 1
            && a.GetProperty("cases")[0].GetProperty("status").GetString() is "enforced" or "dismissed")).GetProperty("cases")[0].GetProperty("caseId").GetString();
        return (await Polling.Eventually(() => Task.FromResult(app.Platform.OfType("enforcement.outcome_notice")
            .Where(d => d.Body.GetProperty("caseId").GetString() == caseId).ToList()), l => l.Count >= count)).ToList();
    }

    [Fact]
    public async Task Each_reporter_of_an_enforced_case_gets_one_signed_notice_with_the_statement_and_only_their_own_reports()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/reports", Report("r-n-1", "reporter-a", "acct-notice-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/reports", Report("r-n-2", "reporter-b", "acct-notice-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-n-1", "acct-notice-1", 1.0))).StatusCode);

        var notices = await NoticesAsync("acct-notice-1", 2);

        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.True(n.SignatureValid));
        Assert.All(notices, n => Assert.Equal(n.Body.GetProperty("noticeId").GetString(), n.IdempotencyKey));
        var action = app.Platform.OfType("enforcement.action").Single(d => d.Body.GetProperty("accountId").GetString() == "acct-notice-1");
        var statementId = action.Body.GetProperty("statement").GetProperty("statementId").GetString();
        foreach (var (reporter, report, other) in new[] { ("reporter-a", "r-n-1", "reporter-b"), ("reporter-b", "r-n-2", "reporter-a") })
        {
            var n = Assert.Single(notices, d => d.Body.GetProperty("recipientId").GetString() == reporter);
            Assert.Equal("action_taken", n.Body.GetProperty("decision").GetString());
            Assert.Equal(statementId, n.Body.GetProperty("statementId").GetString());
            Assert.Equal([report], n.Body.GetProperty("reports").EnumerateArray().Select(r => r.GetString()));
            var raw = n.Body.GetRawText();
            Assert.DoesNotContain(other, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("score", raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_dismissed_case_tells_its_reporter_no_action_without_a_statement()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/reports", Report("r-n-3", "reporter-c", "acct-notice-2", "other", "meh"))).StatusCode);

        var notice = Assert.Single(await NoticesAsync("acct-notice-2", 1));

        Assert.Equal("no_action", notice.Body.GetProperty("decision").GetString());
        Assert.False(notice.Body.TryGetProperty("statementId", out _));
        Assert.Equal("reporter-c", notice.Body.GetProperty("recipientId").GetString());
    }
}
