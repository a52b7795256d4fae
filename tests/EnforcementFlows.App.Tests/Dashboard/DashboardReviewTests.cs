using System.Net;
using System.Text.Json;
using EnforcementFlows.App.Dashboard;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests.Dashboard;

/// <summary>The review work itself: priority order, claims and their leases, bulk dismiss, notes, escaping.</summary>
public sealed class DashboardReviewTests(DashboardFactory app) : DashboardReviewTests<DashboardFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresDashboardReviewTests(PostgresDashboardFactory app) : DashboardReviewTests<PostgresDashboardFactory>(app);

public abstract class DashboardReviewTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : DashboardFactory
{
    private static readonly string[] Approver = ["EF.Approver"];

    [Fact]
    public async Task The_queue_lists_the_highest_score_first_with_severity_deadline_tier_and_reporters()
    {
        var low = await app.AwaitingCaseAsync("acct-rv-low", 0.6, "f-rv-low");
        var high = await app.AwaitingCaseAsync("acct-rv-high", 1.0, "f-rv-high");
        using var approver = app.As("queue@example.org", Approver);
        var page = await (await approver.GetAsync("/dashboard/queue")).Content.ReadAsStringAsync();
        Assert.True(page.IndexOf(high, StringComparison.Ordinal) < page.IndexOf(low, StringComparison.Ordinal), "the ban (score 0.45) comes before the warning (0.27)");
        var highRow = Row(page, high);
        Assert.Contains("sev-critical", highRow);
        Assert.Contains("(2 approvers)", highRow);
        Assert.Contains("<time class=\"countdown\" datetime=", highRow);
        Assert.Contains("<td>standard</td>", highRow);
        Assert.Contains("name=\"caseId\"", Row(page, low)); // low severity: selectable for bulk dismiss
        Assert.DoesNotContain("name=\"caseId\"", highRow);

        var filtered = await (await approver.GetAsync("/dashboard/queue?severity=low")).Content.ReadAsStringAsync();
        Assert.Contains(low, filtered);
        Assert.DoesNotContain(high, filtered);
    }

    [Fact]
    public async Task A_claimed_case_cannot_be_claimed_or_decided_by_another_reviewer()
    {
        var caseId = await app.AwaitingCaseAsync("acct-rv-claim", 0.9, "f-rv-claim");
        using var first = app.As("first@example.org", Approver);
        using var second = app.As("second@example.org", Approver);
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/dashboard/queue", $"/dashboard/cases/{caseId}/claim")).StatusCode);

        var conflict = await second.PostFormAsync("/dashboard/queue", $"/dashboard/cases/{caseId}/claim");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("first@example.org", await conflict.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await second.PostFormAsync("/dashboard/queue", $"/dashboard/cases/{caseId}/decision", ("decision", "reject"))).StatusCode);
        Assert.Contains("first@example.org", Row(await (await second.GetAsync("/dashboard/queue")).Content.ReadAsStringAsync(), caseId));

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/dashboard/queue", $"/dashboard/cases/{caseId}/release")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostFormAsync("/dashboard/queue", $"/dashboard/cases/{caseId}/claim")).StatusCode);
    }

    [Fact]
    public async Task A_claim_expires_after_its_lease_and_another_reviewer_can_take_it()
    {
        var store = app.Services.GetRequiredService<IDomainDatabase>();
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())); // stored as Unix ms
        var options = app.Services.GetRequiredService<IOptionsMonitor<DashboardOptions>>();
        var claims = new CaseClaims(store, clock, options);
        Assert.Equal("alice", (await claims.ClaimAsync("case_lease_test", "alice", default)).Reviewer);
        Assert.Equal("alice", (await claims.ClaimAsync("case_lease_test", "bob", default)).Reviewer);
        clock.Advance(options.CurrentValue.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", (await claims.ClaimAsync("case_lease_test", "bob", default)).Reviewer);
        clock.Advance(TimeSpan.FromSeconds(1));
        var taken = await claims.ClaimAsync("case_lease_test", "bob", default);
        Assert.Equal("bob", taken.Reviewer);
        Assert.Equal(clock.GetUtcNow() + options.CurrentValue.ClaimLease, taken.ExpiresAt);
    }

    [Fact]
    public async Task Bulk_dismiss_closes_the_selected_low_severity_cases_through_the_workflow_and_refuses_the_others()
    {
        var first = await app.AwaitingCaseAsync("acct-rv-d1", 0.6, "f-rv-d1");
        var second = await app.AwaitingCaseAsync("acct-rv-d2", 0.6, "f-rv-d2");
        var medium = await app.AwaitingCaseAsync("acct-rv-d3", 0.9, "f-rv-d3");
        using var approver = app.As("dismisser@example.org", Approver);
        var response = await approver.PostFormAsync("/dashboard/queue", "/dashboard/queue/dismiss",
            ("caseId", first), ("caseId", second), ("caseId", medium), ("reason", "duplicate reports of a resolved promotion"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("2 of 3 cases were dismissed", await response.Content.ReadAsStringAsync());
        await app.CaseInStatusAsync("acct-rv-d1", "dismissed");
        await app.CaseInStatusAsync("acct-rv-d2", "dismissed");
        await app.CaseInStatusAsync("acct-rv-d3", "awaiting_approval");

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        var timeline = JsonDocument.Parse(await analyst.GetStringAsync($"/api/cases/{first}")).RootElement.GetProperty("timeline").EnumerateArray().ToList();
        var decided = timeline.Single(r => r.GetProperty("kind").GetString() == "approval_decided");
        Assert.Equal("approver:dismisser@example.org", decided.GetProperty("actor").GetString());
        Assert.Equal("dismiss", decided.GetProperty("data").GetProperty("decision").GetString());
        Assert.Equal("duplicate reports of a resolved promotion", decided.GetProperty("data").GetProperty("comment").GetString());
        Assert.Contains(timeline, r => r.GetProperty("kind").GetString() == "case_closed");
    }

    [Fact]
    public async Task Notes_are_kept_escaped_and_audited_and_evidence_is_escaped()
    {
        using (var intake = app.ClientWithKey(null))
        {
            var report = WebhookSender.Report("r-rv-xss", "acct-rv-xss", text: "<script>alert(1)</script> buy now");
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/reports", report))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-rv-xss", "acct-rv-xss", 0.9)))).StatusCode);
        }
        var caseId = await app.CaseInStatusAsync("acct-rv-xss", "awaiting_approval");
        using var approver = app.As("noter@example.org", Approver);
        Assert.Equal(HttpStatusCode.Redirect, (await approver.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/notes",
            ("note", "<img src=x onerror=alert(2)> checked"))).StatusCode);
        var page = await (await approver.GetAsync($"/dashboard/cases/{caseId}")).Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; buy now", page);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt; checked", page);
        Assert.DoesNotContain("<script>alert", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.Contains("note_added", page);
    }

    [Fact]
    public async Task The_account_page_lists_weak_flags_waiting_for_the_sweep()
    {
        using (var intake = app.ClientWithKey(null))
        {
            var weak = WebhookSender.Flag("f-rv-held", "acct-rv-held", 0.3);
            Assert.Equal(HttpStatusCode.Accepted, (await intake.SendAsync(WebhookSender.Signed("/api/flags", weak))).StatusCode);
        }
        using var analyst = app.As("held@example.org", "EF.Analyst");
        var response = await analyst.GetAsync("/dashboard/accounts/acct-rv-held");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var held = page[page.IndexOf("id=\"held-flags\"", StringComparison.Ordinal)..];
        Assert.Contains("f-rv-held", held[..held.IndexOf("</table>", StringComparison.Ordinal)]);
        Assert.Contains("No restriction is in force.", page);
    }

    private static string Row(string page, string caseId)
    {
        var start = page.IndexOf($"<tr data-case-id=\"{caseId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no queue row for {caseId}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
